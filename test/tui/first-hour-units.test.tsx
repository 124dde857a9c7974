import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { replayCapture } from '../../src/capture/replay.js';
import { Store } from '../../src/capture/store.js';
import { App } from '../../src/tui/components/App.js';
import { columnsFor, MARKER, rowLine } from '../../src/tui/components/columns.js';
import { viewCapture } from '../../src/capture/view.js';
import { summarise } from '../../src/output/row-summary.js';
import { plain } from '../../src/output/paint.js';
import type { ReplayDone } from '../../src/capture/session.js';
import type { RowData, TuiSession } from '../../src/tui/model.js';
import { selfCommand } from '../../src/tui/self-command.js';
import { initialState, reducer } from '../../src/tui/state.js';
import { tempDir } from '../helpers/tmp.js';
import { mono, sample, testSession } from './helpers.js';

// The in-process side of test/tui/first-hour.test.ts (issue #19, "The terminal UI"): what is
// cheaper to pin down without a terminal.

let closers: Array<() => unknown> = [];
afterEach(() => {
  cleanup();
  closers.reverse().forEach((c) => c());
  closers = [];
});
const session = (extra: Partial<TuiSession> = {}) => {
  const s = testSession(extra);
  closers.push(s.close);
  return s;
};
const status = (frame: string | undefined): string => frame?.split('\n').find((l) => /^(follow (on|off)|replay \w+ to URL:)/.test(l)) ?? '';

describe('list columns', () => {
  it('keep MEANING (16 or more) from 80 columns up, with or without APP, and fill the width exactly', () => {
    for (const app of [false, true]) {
      for (let width = 80; width <= 220; width++) {
        const cols = columnsFor(width, { app });
        const used = MARKER + cols.reduce((n, c) => n + c.width, 0) + cols.length - 1;
        expect(used, `${width} ${app}`).toBe(width);
        expect(cols.find((c) => c.key === 'meaning')?.width, `${width} ${app}`).toBeGreaterThanOrEqual(16);
        for (const c of cols) expect(c.title.length, `${c.key} at ${width}`).toBeLessThanOrEqual(c.width);
        const sig = cols.find((c) => c.key === 'sig');
        if (sig) expect(sig.width).toBeGreaterThanOrEqual(4);
        const flags = cols.find((c) => c.key === 'flags');
        if (flags) expect(flags.width).toBeGreaterThanOrEqual(5);
        if (app) expect(cols.find((c) => c.key === 'app')?.width).toBe(13);
      }
    }
    expect(columnsFor(80).map((c) => c.title)).toEqual(['TIME', 'PROV', 'MSG ID', 'PHONE', 'OUTCOME', 'F', 'MEANING', 'SIG', 'FLAGS']);
  });

  it('show a provider id too wide for its cell as its alias, not cut into another provider’s id (smsgateway24 is sg24, never smsgate…)', () => {
    const view = viewCapture({ ...sample('smsgateway24', 'delivered'), seq: 1, id: 'abcdef', receivedAt: 0, remote: '127.0.0.1:1', size: null, truncated: false, answer: null, replayOf: null, forward: null });
    for (const width of [80, 160]) {
      const cols = columnsFor(width);
      const line = rowLine(summarise(view), cols, plain, false);
      expect(cols.find((c) => c.key === 'provider')!.width).toBeLessThan('smsgateway24'.length);
      expect(line).toMatch(/ sg24 /);
      expect(line).not.toContain('smsgate…');
    }
  });
});

describe('tui state', () => {
  const row = (seq: number): RowData => ({
    seq, id: `c${seq}`, receivedAt: seq, method: 'POST', path: '/x', provider: 'smsc', event: 'status', messageId: String(seq), phone: null,
    outcome: 'delivered', final: true, meaning: '', signature: 'unchecked', flags: [], failed: false, app: null,
    keys: { provider: 'smsc', event: 'status', outcome: 'delivered', messageId: String(seq), phone: '', signature: 'unchecked', flag: '' }, haystack: 'smsc',
  });

  it('follow on/off is said once, by the status line, never as a message that goes stale', () => {
    let s = reducer(initialState(10), { type: 'load', rows: [row(1), row(2)], hasOlder: false, hasNewer: false, total: 2, select: 'last' });
    s = reducer(s, { type: 'follow', on: false });
    s = reducer(s, { type: 'follow', on: true });
    s = reducer(s, { type: 'move', by: -1 });
    expect([s.follow, s.message]).toEqual([false, null]);
  });

  it('a capture announced after a page that already holds it is neither listed nor counted in the total twice', () => {
    let s = reducer(initialState(10), { type: 'load', rows: [row(1), row(2)], hasOlder: false, hasNewer: false, total: 2, select: 'last' });
    s = reducer(s, { type: 'live', rows: [row(2), row(3)] });
    expect(s.rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    // Both arrived in this session.
    expect([s.total, s.session.count]).toEqual([3, 2]);
  });
});

describe('the r prompt', () => {
  const replaying = () => {
    // Sent to this listener itself: the TUI lists nothing more (its own capture event will).
    const replay = vi.fn(async (captureId: string, url: string): Promise<ReplayDone> => ({
      status: 200, verdict: 'accepted', accepted: true, stored: null,
      record: s.store.get(captureId),
      result: { url, status: 200, latencyMs: 1, verdict: 'accepted', accepted: true, error: null, errorKind: null },
    }));
    const s = session({ replay });
    const record = s.insert(sample('smsc', 'delivered'));
    const ui = render(<App session={s.session} paint={mono} />);
    return { replay, record, ...ui };
  };

  it('offers the last URL selected: a key replaces it, Backspace clears it, → keeps it to edit', async () => {
    const { replay, record, lastFrame, stdin } = replaying();
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 1'));
    stdin.write('r');
    await vi.waitFor(() => expect(status(lastFrame())).toBe(`replay ${record.id} to URL: _`));
    stdin.write('http://localhost:3000/a');
    stdin.write('\r');
    await vi.waitFor(() => expect(replay).toHaveBeenCalledTimes(1));
    stdin.write('r');
    await vi.waitFor(() => expect(status(lastFrame())).toContain('to URL: http://localhost:3000/a_  (last URL: type to replace, → to edit)'));
    stdin.write('h');
    await vi.waitFor(() => expect(status(lastFrame())).toBe(`replay ${record.id} to URL: h_`));
    stdin.write('\x1b');
    await vi.waitFor(() => expect(status(lastFrame())).toMatch(/^follow on/));
    stdin.write('r');
    await vi.waitFor(() => expect(status(lastFrame())).toContain('(last URL'));
    stdin.write('\x7f');
    await vi.waitFor(() => expect(status(lastFrame())).toBe(`replay ${record.id} to URL: _`));
    stdin.write('\x1b');
    await vi.waitFor(() => expect(status(lastFrame())).toMatch(/^follow on/));
    stdin.write('r');
    await vi.waitFor(() => expect(status(lastFrame())).toContain('(last URL'));
    stdin.write('\x1b[C');
    stdin.write('b');
    await vi.waitFor(() => expect(status(lastFrame())).toBe(`replay ${record.id} to URL: http://localhost:3000/ab_`));
    stdin.write('\r');
    await vi.waitFor(() => expect(replay).toHaveBeenLastCalledWith(record.id, 'http://localhost:3000/ab'));
  });

  it('refuses a non-URL at the prompt and keeps it there to correct; nothing is sent', async () => {
    const { replay, record, lastFrame, stdin } = replaying();
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 1'));
    stdin.write('r');
    await vi.waitFor(() => expect(status(lastFrame())).toContain('to URL:'));
    stdin.write('smscnotaurl');
    stdin.write('\r');
    await vi.waitFor(() => expect(status(lastFrame())).toBe(`replay ${record.id} to URL: smscnotaurl_  not an http(s) URL, e.g. http://localhost:3000/sms`));
    expect(replay).not.toHaveBeenCalled();
    // Typing again clears the complaint.
    stdin.write('\x15');
    await vi.waitFor(() => expect(status(lastFrame())).toBe(`replay ${record.id} to URL: _`));
  });

  it('takes keys arriving in one read one by one: text, Ctrl-U, a pasted URL and its Enter', async () => {
    const { replay, record, lastFrame, stdin } = replaying();
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 1'));
    stdin.write('r');
    await vi.waitFor(() => expect(status(lastFrame())).toContain('to URL:'));
    stdin.write('typo\x15http://localhost:3000/pasted\r');
    await vi.waitFor(() => expect(replay).toHaveBeenCalledWith(record.id, 'http://localhost:3000/pasted'));
  });

  it('an unreachable target is told without a CLI flag: the TUI has no --to', async () => {
    const tmp = tempDir('wk-replay-');
    closers.push(tmp.cleanup);
    const store = Store.open(join(tmp.dir, 'c.db'));
    closers.push(() => store.close());
    const original = store.insert({ ...sample('smsc', 'delivered'), receivedAt: 1, remote: '127.0.0.1:1', size: 0, truncated: false, answer: null });
    const srv = createServer().listen(0, '127.0.0.1');
    await once(srv, 'listening');
    const { port } = srv.address() as { port: number };
    srv.close();
    await once(srv, 'close');
    await expect(replayCapture(store, original, { to: `http://127.0.0.1:${port}/`, timeoutMs: 2000 })).rejects.toThrow(
      new RegExp(`^connection refused at 127\\.0\\.0\\.1:${port}: is your app running\\?; nothing was replayed$`),
    );
  });
});

describe('captures deleted by another process', () => {
  it('reload the list and the count, and say so', async () => {
    const s = session();
    s.insert(sample('smsc', 'delivered'));
    s.insert(sample('smsc', 'failed'));
    const { lastFrame, stdin } = render(<App session={s.session} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 2'));
    stdin.write('\r');
    await vi.waitFor(() => expect(lastFrame()).toContain('[decoded]'));
    // Another connection, as `webhook-kit clear` in another shell has.
    const other = Store.open(s.session.store.file);
    other.clear();
    other.close();
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 0'), { timeout: 5000 });
    expect(lastFrame()).toContain('another process emptied the store (webhook-kit clear?)');
    expect(lastFrame()).not.toMatch(/ smsc +status /);
    // A capture after that is listed alone and its details open.
    const after = s.arrive(sample('smsc', 'sent'));
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 1'));
    await vi.waitFor(() => expect(lastFrame()).toContain(after.record.id));
    expect(lastFrame()!.split('\n').filter((l) => / smsc +status /.test(l))).toHaveLength(1);
  });

  it('after an emptied store, shows what another process stores next; a partial delete reloads and says so', async () => {
    const s = session();
    s.insert(sample('smsc', 'delivered'));
    const { lastFrame } = render(<App session={s.session} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 1'));
    const other = Store.open(s.session.store.file);
    closers.push(() => other.close());
    other.clear();
    await vi.waitFor(() => expect(lastFrame()).toContain('another process emptied the store'), { timeout: 5000 });
    const put = (name: string) => other.insert({ ...sample('smsc', name), receivedAt: Date.now(), remote: '127.0.0.1:1', size: 0, truncated: false, answer: null });
    const rows = (): string[] => lastFrame()!.split('\n').filter((l) => / smsc +status /.test(l));
    put('failed');
    await vi.waitFor(() => expect(rows()).toEqual([expect.stringMatching(/^> .* 124 .* failed /)]), { timeout: 5000 });
    expect(lastFrame()).toContain('stored 1');
    // The shown capture deleted, another stored: reloaded with a word on the status line.
    other.clear();
    put('sent');
    await vi.waitFor(() => expect(lastFrame()).toContain('captures shown were deleted elsewhere; reloaded (1 stored)'), { timeout: 5000 });
    expect(rows()).toEqual([expect.stringMatching(/^> .* 127 .* sent /)]);
  });
});

describe('selfCommand: how the hints on screen run webhook-kit', () => {
  const layout = () => {
    const tmp = tempDir('wk-self-');
    closers.push(tmp.cleanup);
    const make = (dir: string): string => {
      mkdirSync(join(dir, 'bin'), { recursive: true });
      writeFileSync(join(dir, 'bin/webhook-kit.js'), '');
      return join(dir, 'bin/webhook-kit.js');
    };
    return { dir: tmp.dir, make };
  };

  it('says webhook-kit when that name on PATH is this copy, npx inside the checkout or project, else node <bin>', () => {
    const { dir, make } = layout();
    const checkout = join(dir, 'my checkout');
    const bin = make(checkout);
    const outside = join(dir, 'elsewhere');
    mkdirSync(outside);
    // `npm ci` put nothing on PATH.
    expect(selfCommand({ PATH: '/usr/bin' }, join(checkout, 'src'), bin)).toBe('npx webhook-kit');
    expect(selfCommand({ PATH: '/usr/bin' }, outside, bin)).toBe(`node '${bin}'`);
    // Another webhook-kit on PATH is not this one.
    const otherBin = join(dir, 'other-bin');
    mkdirSync(otherBin);
    writeFileSync(join(otherBin, 'webhook-kit'), '');
    expect(selfCommand({ PATH: otherBin }, outside, bin)).toBe(`node '${bin}'`);
    // A global or linked install: a link on PATH to this bin.
    const globalBin = join(dir, 'global-bin');
    mkdirSync(globalBin);
    symlinkSync(bin, join(globalBin, 'webhook-kit'));
    expect(selfCommand({ PATH: `/usr/bin:${globalBin}` }, outside, bin)).toBe('webhook-kit');
    // A dependency of a project: npx finds it from anywhere in that project.
    const project = join(dir, 'app');
    const dep = make(join(project, 'node_modules/webhook-kit'));
    expect(selfCommand({ PATH: '' }, join(project, 'lib'), dep)).toBe('npx webhook-kit');
    expect(selfCommand({ PATH: '' }, outside, dep)).toBe(`node ${dep}`);
  });

  it('is what the empty screen suggests', async () => {
    const { session: s } = session();
    const { lastFrame } = render(<App session={s} paint={mono} command="node /opt/wk/bin/webhook-kit.js" />);
    await vi.waitFor(() => expect(lastFrame()).toContain('No captures yet'));
    expect(lastFrame()).toContain('or send one from another shell:\n  node /opt/wk/bin/webhook-kit.js send --provider smsc --to http://127.0.0.1:8686/smsc\n');
  });
});
