import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { flagStatus, messageTimeline } from '../../src/capture/correlate.js';
import { captureJson } from '../../src/output/ndjson.js';
import { lookupStatus } from '../../src/core/status.js';
import { captureDetails } from '../../src/output/capture-details.js';
import { plain } from '../../src/output/paint.js';
import { smsc } from '../../src/providers/smsc/index.js';
import { webcom } from '../../src/providers/webcom/index.js';
import { startServer, type TestServer } from '../helpers/server.js';

const st = (code: string) => lookupStatus(smsc.statuses, code, smsc.name);

describe('flagStatus', () => {
  it('flags a repeat, an intermediate after a final, and contradicting finals', () => {
    expect(flagStatus([st('-1'), st('0')], ['-1', '0'], st('1'))).toEqual([]);
    expect(flagStatus([st('0')], ['0'], st('0'))).toEqual(['duplicate']);
    expect(flagStatus([st('1')], ['1'], st('0'))).toEqual(['out-of-order']);
    expect(flagStatus([st('1')], ['1'], st('20'))).toEqual(['impossible']);
    expect(flagStatus([st('1')], ['1'], st('4'))).toEqual([]); // delivered, then link clicked
    expect(flagStatus([st('1')], ['1'], st('1'))).toEqual(['duplicate']);
  });
});

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

describe('correlation across captures', () => {
  it('builds a message timeline and flags retries, out-of-order and impossible statuses', async () => {
    srv = await startServer();
    const states = ['send', 'deliver', 'deliver', 'send', 'not_deliver'];
    const views = [];
    for (const state of states) {
      const next = srv.nextCapture();
      const res = await request(`${srv.url}/webcom`, { method: 'POST', body: JSON.stringify([{ id_sms: 77, time: '', state }]) });
      await res.body.dump();
      views.push(await next);
    }
    const flags = views.map((v) => (captureJson(v).events as Array<{ flags: string[] }>)[0]!.flags);
    expect(flags).toEqual([[], [], ['duplicate'], ['duplicate', 'out-of-order'], ['impossible']]);
    const timeline = messageTimeline(srv.store, webcom, '77');
    expect(timeline.map((t) => t.status.code)).toEqual(states);
    expect(timeline.map((t) => t.captureId)).toEqual(views.map((v) => v.record.id));
    const details = captureDetails(views[1]!, plain, new Map([['77', timeline]]));
    expect(details).toMatch(/timeline #77: .*→ \*.*\(final\) /);
  });
});
