import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { startListen, type ListenChild } from '../helpers/cli.js';
import { startReceiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/tmp.js';

let listen: ListenChild | undefined;
let app: Awaited<ReturnType<typeof startReceiver>> | undefined;
const tmp = tempDir();
afterEach(async () => {
  listen?.child.kill('SIGKILL');
  await app?.close();
  listen = app = undefined;
});

describe('listen --forward-to an app that never answers', () => {
  it('exits on Ctrl-C well before the relay would time out, recording the relay as interrupted and no answer', async () => {
    let arrived!: () => void;
    const atApp = new Promise<void>((resolve) => (arrived = resolve));
    app = await startReceiver(() => {
      arrived();
      return 'hang';
    });
    const store = join(tmp.dir, 'hang.db');
    // A relay timeout past the test's own: waiting for it would fail the test.
    listen = await startListen(['--store', store, '--forward-to', app.url, '--forward-timeout', '300']);
    const answered = request(`${listen.url}/smsc`, { method: 'POST', body: 'id=1&phone=79991234567&status=1&err=0', headers: { 'content-type': 'application/x-www-form-urlencoded' } }).then(
      () => 'answered',
      () => 'dropped',
    );
    await atApp;
    listen.child.kill('SIGINT');
    expect(await listen.exit).toBe(130);
    // The client got no answer, and the record does not claim one.
    expect(await answered).toBe('dropped');
    // Its NDJSON line is printed too (the view stays until the server has closed), telling the same.
    const line = listen.lines.find((l) => l.type === 'capture');
    expect(line).toMatchObject({ answer: null, forward: { errorKind: 'interrupted' } });
    const s = Store.open(store, { readonly: true });
    try {
      const [rec] = s.list({ limit: 10 });
      expect(rec).toMatchObject({ answer: null, forward: { status: null, errorKind: 'interrupted', error: 'listen stopped before your app answered' } });
    } finally {
      s.close();
    }
  });
});
