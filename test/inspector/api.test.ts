import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { NewCapture } from '../../src/capture/store.js';
import { viewCapture } from '../../src/capture/view.js';
import { SCAN_BUDGET } from '../../src/inspector/api.js';
import { runCli } from '../helpers/cli.js';
import { startInspected, type InspectedSession } from './helpers.js';

let t: InspectedSession;
beforeEach(async () => {
  t = await startInspected({ zender: 'ZENDER_SECRET_1' });
});
afterEach(async () => t.close());

const FORM = 'application/x-www-form-urlencoded';
async function post(path: string, body: string, type = FORM): Promise<string> {
  const next = t.nextCapture();
  await (await request(`${t.url}${path}`, { method: 'POST', body, headers: { 'content-type': type } })).body.dump();
  return (await next).record.id;
}
const getJson = async (path: string): Promise<any> => {
  const res = await request(`${t.inspector.url}${path}`);
  expect(res.statusCode).toBe(200);
  return res.body.json();
};
const capture = (n: number): NewCapture => ({
  method: 'POST', url: '/smsc', headers: [['Content-Type', FORM]], body: Buffer.from(`id=${n}&phone=7999${n}&status=1&err=0`),
  receivedAt: 1_700_000_000_000 + n, remote: '127.0.0.1:1', size: null, truncated: false, answer: null,
});

describe('inspector API', () => {
  it('GET /api/captures/<id> is the NDJSON object of `show --json`, secrets masked the same way', async () => {
    const id = await post('/zender', 'secret=ZENDER_SECRET_1&type=sms&data%5Bid%5D=2&data%5Bphone%5D=%2B639760713666&data%5Bmessage%5D=Hi');
    const shown = await runCli(['show', '--json', '--store', t.storePath, id], { env: { WEBHOOK_KIT_SECRET_ZENDER: 'ZENDER_SECRET_1' } });
    expect(shown.code).toBe(0);
    // The NDJSON object, plus `row`: the list's cells as display text.
    const { row, ...one } = await getJson(`api/captures/${id}`);
    expect(one).toEqual(JSON.parse(shown.stdout.toString()));
    expect(row).toMatchObject({ provider: 'zender', event: 'incoming', phone: '+639760713666', meaning: 'Hi' });
    expect(JSON.stringify(one)).not.toContain('ZENDER_SECRET_1');
    const details = await getJson(`api/captures/${id}/details`);
    expect(JSON.stringify(details)).not.toContain('ZENDER_SECRET_1');
    expect(Buffer.from(details.raw, 'base64').toString()).toMatch(/^secret=<secret sha256:[0-9a-f]{8}>&type=sms/);
    const missing = await request(`${t.inspector.url}api/captures/zzzzzz`);
    expect(missing.statusCode).toBe(404);
    expect(((await missing.body.json()) as { error: string }).error).toContain('no capture with id');
  });

  it('the raw bytes of the details are exact when a secret happens to spell part of their base64', async () => {
    await t.close();
    const body = 'id=1&phone=79990001111&status=1&err=0';
    t = await startInspected({ smsc: Buffer.from(body).toString('base64').slice(0, 8) });
    const id = await post('/smsc', body);
    const details = await getJson(`api/captures/${id}/details`);
    expect(Buffer.from(details.raw, 'base64').toString()).toBe(body);
    expect(details.rawMasked).toBe(false);
  });

  it('lists newest first in pages (`before`), and `q` uses the TUI filter words', async () => {
    t.store.insertBatch(Array.from({ length: 7 }, (_, n) => ({ capture: capture(n), events: [] })));
    const webcom = await post('/webcom', '[{"id_sms":77,"state":"deliver"}]', 'application/json');
    const ids = t.store.list().map((r) => r.id);
    const first = await getJson('api/captures?limit=3');
    expect(first.captures.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 3));
    expect(first.captures[0].type).toBe('capture');
    const second = await getJson(`api/captures?limit=3&before=${first.next}`);
    expect(second.captures.map((c: { id: string }) => c.id)).toEqual(ids.slice(3, 6));
    const last = await getJson(`api/captures?limit=3&before=${second.next}`);
    expect(last.captures.map((c: { id: string }) => c.id)).toEqual(ids.slice(6));
    expect(last.next).toBeNull();
    expect((await getJson('api/captures?q=provider:webcom')).captures.map((c: { id: string }) => c.id)).toEqual([webcom]);
    expect((await getJson('api/captures?q=phone:79993')).captures.map((c: { messageId?: string; events: Array<{ messageId: string }> }) => c.events[0]!.messageId)).toEqual(['3']);
  });

  it('a page boundary rotated away meanwhile (listen --retention rotate) ends the list instead of failing', async () => {
    t.store.insertBatch(Array.from({ length: 6 }, (_, n) => ({ capture: capture(n), events: [] })));
    const first = await getJson('api/captures?limit=3');
    expect(t.store.deleteOldest(4)).toBe(4);
    expect(await getJson(`api/captures?limit=3&before=${first.next}`)).toEqual({ captures: [], next: null, scanned: 0 });
  });

  it('q speaks the whole filter language of list and the TUI (src/capture/filter.ts): flag:, sig:', async () => {
    await post('/smsc', 'id=42&phone=79990000042&status=1&err=0');
    const again = await post('/smsc', 'id=42&phone=79990000042&status=1&err=0');
    expect((await getJson('api/captures?q=flag:duplicate')).captures.map((c: { id: string }) => c.id)).toEqual([again]);
    expect((await getJson('api/captures?q=sig:unchecked%20flag:duplicate')).captures.map((c: { id: string }) => c.id)).toEqual([again]);
    expect((await getJson('api/captures?q=sig:valid')).captures).toEqual([]);
    // A word that can match nothing: said, as list says it (absent when every word can match).
    expect(await getJson('api/captures?q=sig:ok')).toEqual({ captures: [], next: null, scanned: 0, problem: 'no signature "ok"; use one of: valid, invalid, absent, unchecked' });
    expect(await getJson('api/captures?q=sig:valid')).not.toHaveProperty('problem');
  });

  it('a filter that matches nothing looks at a bounded number of captures per request and says where to go on', async () => {
    const n = SCAN_BUDGET + 500;
    t.store.insertBatch(Array.from({ length: n }, (_, i) => ({ capture: capture(i), events: [] })));
    const page = await getJson('api/captures?q=provider:zender');
    expect(page.captures).toEqual([]);
    expect(page.scanned).toBe(SCAN_BUDGET);
    expect(page.next).toBe(t.store.list({ limit: SCAN_BUDGET }).at(-1)!.id);
    const rest = await getJson(`api/captures?q=provider:zender&before=${page.next}`);
    expect(rest).toEqual({ captures: [], next: null, scanned: 500 });
  });

  it('GET /api/events streams each new capture as its NDJSON object, filtered by q', async () => {
    const res = await request(`${t.inspector.url}api/events?q=provider:smsc`);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    let text = '';
    const got = new Promise<string>((resolve) => {
      res.body.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('event: capture')) resolve(text);
      });
    });
    // Wait for the stream's first bytes, so the client is subscribed before the captures come.
    await new Promise<void>((r) => res.body.once('readable', () => r()));
    await post('/webcom', '[{"id_sms":77,"state":"deliver"}]', 'application/json');
    const id = await post('/smsc', 'id=5&phone=79990000005&status=1&err=0');
    const stream = await got;
    const events = stream.split('\n\n').filter((e) => e.includes('event: capture'));
    expect(events).toHaveLength(1);
    expect(events[0]).toContain(`id: ${id}\n`);
    const data = JSON.parse(events[0]!.split('\ndata: ')[1]!);
    expect(data).toEqual(await getJson(`api/captures/${id}`));
    res.body.destroy();
  });

  it('with ?page=, the stream starts with the newest page, the list API\'s own answer', async () => {
    t.store.insertBatch(Array.from({ length: 5 }, (_, n) => ({ capture: capture(n), events: [] })));
    const listed = await getJson('api/captures?limit=3');
    const res = await request(`${t.inspector.url}api/events?page=3`);
    let text = '';
    const first = await new Promise<string>((resolve) => {
      res.body.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /event: page\ndata: (.*)\n\n/.exec(text);
        if (m) resolve(m[1]!);
      });
    });
    expect(JSON.parse(first)).toEqual(listed);
    expect(listed.captures).toHaveLength(3);
    res.body.destroy();
  });

  it('with ?max=, a capture in a quiet moment goes at once; of a burst, the newest of each window, with how many it left out', async () => {
    const res = await request(`${t.inspector.url}api/events?max=2`);
    let text = '';
    const got = new Promise<string>((resolve) => {
      res.body.on('data', (d: Buffer) => {
        text += d.toString();
        if ((text.match(/event: capture/g) ?? []).length >= 3) resolve(text);
      });
    });
    await new Promise<void>((r) => res.body.once('readable', () => r()));
    const records = t.store.insertBatch(Array.from({ length: 5 }, (_, n) => ({ capture: capture(n), events: [] })));
    // Five captures in one turn of the event loop: the first opens a window, the rest fall in it.
    for (const r of records) t.server.emit('capture', viewCapture(r, { store: t.store }));
    const events = (await got).split('\n\n').filter((e) => e.startsWith('event:') || e.startsWith('id:'));
    const idOf = (e: string | undefined): string | undefined => /^id: (\w+)/.exec(e ?? '')?.[1];
    expect(idOf(events[0])).toBe(records[0]!.id);
    expect(events[1]).toBe('event: skipped\ndata: {"count":2}');
    expect(events.slice(2).map(idOf)).toEqual(records.slice(3).map((r) => r.id));
    res.body.destroy();
  });

  it('downloads one capture as HAR and as NDJSON', async () => {
    const id = await post('/smsc', 'id=5&phone=79990000005&status=1&err=0');
    const har = await request(`${t.inspector.url}api/captures/${id}/export?format=har`);
    expect(har.headers['content-disposition']).toBe(`attachment; filename="webhook-kit-${id}.har"`);
    const doc = (await har.body.json()) as { log: { entries: Array<{ request: { url: string } }> } };
    expect(doc.log.entries[0]!.request.url).toBe(`${t.url}/smsc`);
    const nd = await request(`${t.inspector.url}api/captures/${id}/export?format=ndjson`);
    const { row, ...listed } = await getJson(`api/captures/${id}`);
    expect(row).toBeDefined();
    expect(JSON.parse(await nd.body.text())).toEqual(listed);
  });
});
