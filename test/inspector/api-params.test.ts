import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { ReplayEdits } from '../../src/capture/session.js';
import { startInspector } from '../../src/inspector/index.js';
import { http, startReceiver } from '../helpers/receiver.js';
import { startInspected, type InspectedSession } from './helpers.js';

let t: InspectedSession;
afterEach(async () => t?.close());

const FORM = 'application/x-www-form-urlencoded';
async function post(path: string, body: string): Promise<string> {
  const next = t.nextCapture();
  await (await request(`${t.url}${path}`, { method: 'POST', body, headers: { 'content-type': FORM } })).body.dump();
  return (await next).record.id;
}

/** Status and body of a GET to the inspector. */
async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await request(`${t.inspector.url}${path}`);
  return { status: res.statusCode, text: await res.body.text() };
}

describe('inspector API parameters', () => {
  it.each([
    ['api/captures?limit=abc', 'limit', 'from 1 to 500'],
    ['api/captures?limit=-1', 'limit', 'from 1 to 500'],
    ['api/captures?limit=0', 'limit', 'from 1 to 500'],
    ['api/captures?limit=501', 'limit', 'from 1 to 500'],
    ['api/captures?limit=2.5', 'limit', 'from 1 to 500'],
    ['api/captures?before=xyz!', 'before', 'capture id'],
    ['api/events?max=abc', 'max', 'from 1 to 500'],
    ['api/events?page=-3', 'page', 'from 1 to 500'],
  ])('%s is a 400 naming %s and what it takes', async (path, name, allowed) => {
    t = await startInspected();
    const { status, text } = await get(path);
    expect(status).toBe(400);
    // One line of JSON.
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    const body = JSON.parse(text) as { error: string; code: string };
    expect(body.code).toBe('E_USAGE');
    expect(body.error).toMatch(new RegExp(`^${name} must be .*${allowed}`));
  });

  it('takes what is in range', async () => {
    t = await startInspected();
    await post('/smsc', 'id=1&phone=79990000001&status=1&err=0');
    const id = await post('/smsc', 'id=2&phone=79990000002&status=1&err=0');
    const { status, text } = await get(`api/captures?limit=500&before=${id}`);
    expect(status).toBe(200);
    expect((JSON.parse(text) as { captures: unknown[] }).captures).toHaveLength(1);
  });
});

describe('inspector replay', () => {
  it('replays, edited or not, through the session\'s replay (the one the TUI uses), and answers with its record and result', async () => {
    t = await startInspected();
    const id = await post('/smsc', 'id=7&phone=79990000007&status=1&err=0');
    const receiver = await startReceiver(() => http(200, 'OK'));
    const calls: Array<[string, string, ReplayEdits | undefined]> = [];
    const replay = t.session.replay;
    // The same session, its replay watched.
    const watched = await startInspector({ ...t.session, replay: async (captureId, url, edits) => (calls.push([captureId, url, edits]), replay(captureId, url, edits)) }, { port: 0 });
    try {
      const origin = watched.url.slice(0, -1);
      const token = /name="inspector-token" content="([0-9a-f]+)"/.exec(await (await request(watched.url)).body.text())![1]!;
      const send = async (body: unknown): Promise<Record<string, unknown>> => {
        const res = await request(`${watched.url}api/captures/${id}/replay`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-inspector-token': token, origin } });
        expect(res.statusCode).toBe(200);
        return (await res.body.json()) as Record<string, unknown>;
      };
      const plain = await send({ url: `${receiver.url}/hook` });
      const edited = await send({ url: `${receiver.url}/hook`, set: { status: '20' } });
      expect(calls).toEqual([
        [id, `${receiver.url}/hook`, { set: {}, resignWith: undefined }],
        [id, `${receiver.url}/hook`, { set: { status: '20' }, resignWith: undefined }],
      ]);
      for (const line of [plain, edited]) {
        expect(line).toMatchObject({ type: 'replay', replayOf: id, url: `${receiver.url}/hook`, status: 200, body: 'OK', error: null });
        expect(line.id).toMatch(/^[0-9a-z]+$/);
        expect(typeof line.latencyMs).toBe('number');
      }
      expect(receiver.requests.map((r) => r.body.toString())).toEqual(['id=7&phone=79990000007&status=1&err=0', 'id=7&phone=79990000007&status=20&err=0']);
    } finally {
      await watched.close();
      await receiver.close();
    }
  });

  it('an edited replay to the listener itself is its own capture: listed once, by the listener', async () => {
    t = await startInspected();
    const id = await post('/smsc', 'id=8&phone=79990000008&status=1&err=0');
    const done = await t.session.replay(id, `${t.url}/smsc`, { set: { status: '20' } });
    // The listener's record of what it received, not a second one of replay's own.
    expect(done.stored).toBeNull();
    expect(done.record.replayOf).toBe(id);
    expect(done.record.remote).not.toBe('replay');
    expect(done.result.status).toBe(200);
    expect(t.store.list().filter((r) => r.replayOf === id)).toHaveLength(1);
  });
});
