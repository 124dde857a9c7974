import { describe, expect, it } from 'vitest';
import { chooseAnswer } from '../../src/capture/answer.js';
import { forwardUrl } from '../../src/capture/forward.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { inspect } from '../../src/providers/inspect.js';

const batch = loadSample(listSamples('webcom').find((s) => s.name === 'batch')!);
const inspection = inspect(batch);
const opts = { truncated: false, maxBody: 1024 };

describe('chooseAnswer', () => {
  it("answers as the provider expects by default (Webcom Mobi's id_sms echo)", () => {
    const a = chooseAnswer(batch, inspection, opts);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body.toString())).toHaveLength(3);
  });

  it('fails the chosen fraction of requests, deciding by the random source', () => {
    const respond = { failRate: 0.3, failStatus: 503 };
    expect(chooseAnswer(batch, inspection, { ...opts, respond, random: () => 0.29 }).status).toBe(503);
    expect(chooseAnswer(batch, inspection, { ...opts, respond, random: () => 0.3 }).status).toBe(200);
  });

  it('fills a body template with message ids and the healthy echo', () => {
    const a = chooseAnswer(batch, inspection, { ...opts, respond: { status: 202, body: 'ids={{messageIds}} first={{messageId}} echo={{echo}}' } });
    expect(a.status).toBe(202);
    const ids = inspection.decoded!.events.map((e) => e.messageId);
    expect(a.body.toString()).toMatch(new RegExp(`^ids=${ids.join(',')} first=${ids[0]} echo=\\[\\{"id_sms"`));
  });

  it('answers 413 for a truncated body whatever else is asked', () => {
    expect(chooseAnswer(batch, inspection, { ...opts, truncated: true, respond: { status: 200 } }).status).toBe(413);
  });
});

describe('forwardUrl', () => {
  it('appends the received path and query in keep mode, uses the target exactly in replace mode', () => {
    expect(forwardUrl('http://localhost:3000', '/smsc?a=1', 'keep')).toBe('http://localhost:3000/smsc?a=1');
    expect(forwardUrl('http://localhost:3000/api/?k=v', '/smsc?a=1', 'keep')).toBe('http://localhost:3000/api/smsc?k=v&a=1');
    expect(forwardUrl('http://localhost:3000/hook', '/smsc?a=1', 'replace')).toBe('http://localhost:3000/hook');
  });
});
