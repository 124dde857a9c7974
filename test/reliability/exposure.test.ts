import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startListen, type ListenChild } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let listen: ListenChild | undefined;
const tmp = tempDir();
afterEach(() => {
  listen?.child.kill('SIGKILL');
  listen = undefined;
});

const WARNING = /warning: bound to 0\.0\.0\.0: anyone on your network can send requests to this server/;

describe('exposure', () => {
  it('binds 127.0.0.1 unless told otherwise, without a warning', async () => {
    listen = await startListen(['--store', join(tmp.dir, 'a.db')]);
    expect(new URL(listen.url).hostname).toBe('127.0.0.1');
    await vi.waitFor(() => expect(listen!.stderr()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/));
    expect(listen.stderr()).not.toMatch(/warning/);
  });

  it('warns on --host 0.0.0.0', async () => {
    listen = await startListen(['--store', join(tmp.dir, 'b.db'), '--host', '0.0.0.0']);
    expect(new URL(listen.url).hostname).toBe('0.0.0.0');
    await vi.waitFor(() => expect(listen!.stderr()).toMatch(WARNING));
  });
});
