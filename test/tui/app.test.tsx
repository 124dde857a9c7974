import { render, cleanup } from 'ink-testing-library';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/tui/components/App.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { colour, mono, sample, stripSgr, testSession } from './helpers.js';

let closers: Array<() => unknown> = [];
afterEach(async () => {
  cleanup();
  for (const c of closers) await c();
  closers = [];
});
const session = (...args: Parameters<typeof testSession>) => {
  const s = testSession(...args);
  closers.push(s.close);
  return s;
};
const DOWN = '\x1b[B';

describe('tui App', () => {
  it('shows an empty state with the URLs to point a gateway at, and the keys', async () => {
    const { session: s } = session();
    const { lastFrame } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('No captures yet'));
    const frame = lastFrame()!;
    expect(frame).toContain('listening on http://127.0.0.1:8686');
    expect(frame).toContain('http://127.0.0.1:8686/smsc');
    expect(frame).toContain('stored 0');
    for (const key of ['↑↓/jk', 'PgUp/PgDn', 'g/G', 'Enter/d', 'Tab', '/ filter', 'f follow', 'r replay', 'c curl', '? help', 'q quit']) expect(frame).toContain(key);
  });

  it('shows the forward target and whether the app answers', async () => {
    let state: 'up' | 'down' | 'unknown' = 'down';
    const { session: s } = session({ forward: { target: 'http://localhost:3000', state: () => state } });
    const { lastFrame, rerender } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('→ http://localhost:3000 (app DOWN)'));
    state = 'up';
    rerender(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('→ http://localhost:3000 (app up)'));
  });

  it('lists live captures from a real server, each outcome coloured and written out', async () => {
    const srv: TestServer = await startServer();
    closers.push(srv.close);
    const s = { server: srv.server, store: srv.store, secrets: {}, urls: [srv.url], quit: vi.fn() };
    const { lastFrame } = render(<App session={s} paint={colour} />);
    const cases: Array<[string, string, string, string]> = [
      ['smsc', 'sent', 'sent', '\x1b[33m'],
      ['smsc', 'queued', 'pending', '\x1b[33m'],
      ['smsc', 'delivered', 'delivered', '\x1b[32m'],
      ['smsc', 'read', 'read', '\x1b[32m'],
      ['smsc', 'failed', 'failed', '\x1b[31m'],
      ['smsc', 'expired', 'expired', '\x1b[31m'],
      ['webcom', 'partly-delivered', 'unknown', '\x1b[35m'],
    ];
    for (const [provider, name] of cases) {
      const req = sample(provider, name);
      const res = await request(`${srv.url}/${provider}`, { method: 'POST', body: req.body, headers: Object.fromEntries(req.headers.filter(([k]) => !/^(host|content-length)$/i.test(k))) });
      await res.body.dump();
    }
    await vi.waitFor(() => expect(lastFrame()).toContain('this session 7 (smsc 6, webcom 1)'));
    const frame = lastFrame()!;
    for (const [, , word, sgr] of cases) expect(frame).toContain(`${sgr}${word}`);
    expect(stripSgr(frame)).toMatch(/failed 2/);
    // Newest at the bottom, selected (following).
    const lines = stripSgr(frame).split('\n');
    const rows = lines.filter((l) => / POST /.test(l));
    expect(rows).toHaveLength(7);
    expect(rows.at(-1)).toMatch(/^> .*webcom.*unknown/);
    expect(rows[0]).toMatch(/smsc .*sent/);
  });

  it('shows outcomes by word with NO_COLOR and no escape codes at all', async () => {
    const { session: s, insert } = session();
    for (const name of ['delivered', 'failed', 'queued']) insert(sample('smsc', name));
    const { lastFrame } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 3'));
    expect(lastFrame()).not.toContain('\x1b');
    for (const word of ['delivered *', 'failed    *', 'pending']) expect(lastFrame()).toContain(word);
  });

  it('opens details and switches through every tab', async () => {
    const { session: s, insert } = session();
    insert(sample('smsc', 'sent'));
    insert(sample('smsc', 'delivered'));
    const { lastFrame, stdin } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 2'));
    stdin.write('\r');
    await vi.waitFor(() => expect(lastFrame()).toContain('[decoded]'));
    expect(lastFrame()).toContain('delivered (final) Delivered: delivered to subscriber');
    // The message's status timeline spans both captures.
    expect(lastFrame()).toMatch(/timeline #123 \(1 status/);
    const expectations: Array<[string, string | RegExp]> = [
      ['[fields]', 'phone: 79991234567'],
      ['[headers]', 'Content-Type: application/x-www-form-urlencoded'],
      ['[body]', 'id=123&phone=79991234567&status=1'],
      ['[hex]', /00000000 {2}69 64 3d 31 32 33/],
      ['[answer]', 'answered 200'],
      ['[decoded]', 'signature: unchecked'],
    ];
    for (const [tab, text] of expectations) {
      stdin.write('\t');
      await vi.waitFor(() => expect(lastFrame()).toContain(tab));
      expect(lastFrame()).toMatch(text);
    }
    stdin.write('d');
    await vi.waitFor(() => expect(lastFrame()).not.toContain('[decoded]'));
  });

  it('shows a message id timeline across captures', async () => {
    const { session: s, insert } = session();
    insert(sample('smsc', 'delivered'));
    insert(sample('smsc', 'delivered'));
    const { lastFrame, stdin } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 2'));
    expect(lastFrame()).toMatch(/ D\s*$/m);
    stdin.write('d');
    await vi.waitFor(() => expect(lastFrame()).toContain('timeline #123 (2 statuses'));
    expect(lastFrame()).toContain('[duplicate]');
  });

  it('narrows the list with a filter as it is typed, and Esc clears it', async () => {
    const { session: s, insert } = session();
    insert(sample('smsc', 'delivered'));
    insert(sample('smsc', 'failed'));
    insert(sample('webcom', 'delivered'));
    insert(sample('zender', 'incoming'));
    const { lastFrame, stdin } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 4'));
    const rows = () => lastFrame()!.split('\n').filter((l) => / POST /.test(l));
    expect(rows()).toHaveLength(4);
    stdin.write('/');
    await vi.waitFor(() => expect(lastFrame()).toContain('filter /'));
    for (const ch of 'provider:smsc') stdin.write(ch);
    await vi.waitFor(() => expect(rows()).toHaveLength(2));
    stdin.write(' ');
    for (const ch of 'outcome:fail') stdin.write(ch);
    await vi.waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toContain('failed');
    stdin.write('\r');
    await vi.waitFor(() => expect(lastFrame()).toContain('filter "provider:smsc outcome:fail" 1/4'));
    stdin.write('\x1b');
    await vi.waitFor(() => expect(rows()).toHaveLength(4));
    // Message id, phone and free text.
    for (const [text, n] of [['id:3234', 1], ['phone:+6397', 1], ['webcom', 1], ['nomatch', 0]] as const) {
      stdin.write('/');
      await vi.waitFor(() => expect(lastFrame()).toContain('filter /'));
      stdin.write(text);
      await vi.waitFor(() => expect(rows()).toHaveLength(n));
      stdin.write('\x1b');
      await vi.waitFor(() => expect(rows()).toHaveLength(4));
    }
  });

  it('follows new captures, and f stops it so the selection stays', async () => {
    const { session: s, insert, arrive } = session();
    insert(sample('smsc', 'sent'));
    const { lastFrame, stdin } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('follow on'));
    const selected = () => lastFrame()!.split('\n').find((l) => l.startsWith('> ')) ?? '';
    arrive(sample('smsc', 'delivered'));
    await vi.waitFor(() => expect(selected()).toContain('delivered'));
    stdin.write('f');
    await vi.waitFor(() => expect(lastFrame()).toContain('follow off'));
    arrive(sample('smsc', 'failed'));
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 3'));
    expect(selected()).toContain('delivered');
    stdin.write('f');
    await vi.waitFor(() => expect(selected()).toContain('failed'));
    // Moving up leaves follow mode.
    stdin.write('k');
    await vi.waitFor(() => expect(lastFrame()).toContain('follow off'));
    expect(selected()).toContain('delivered');
    stdin.write(DOWN);
    await vi.waitFor(() => expect(selected()).toContain('failed'));
  });
});
