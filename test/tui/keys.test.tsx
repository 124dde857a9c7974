import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/tui/components/App.js';
import type { ReplayDone } from '../../src/capture/session.js';
import type { TuiSession } from '../../src/tui/model.js';
import { mono, sample, testSession } from './helpers.js';

let closers: Array<() => unknown> = [];
afterEach(() => {
  cleanup();
  closers.forEach((c) => c());
  closers = [];
});
const session = (extra: Partial<TuiSession> = {}) => {
  const s = testSession(extra);
  closers.push(s.close);
  return s;
};
const selected = (frame: string | undefined) => frame?.split('\n').find((l) => l.startsWith('> ')) ?? '';

describe('tui keys', () => {
  it('q asks the session to quit with 0, Ctrl-C with 130 (interrupted)', async () => {
    const { session: s } = session();
    const { lastFrame, stdin } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('No captures yet'));
    stdin.write('q');
    await vi.waitFor(() => expect(s.quit).toHaveBeenCalledWith(0));
    stdin.write('/');
    await vi.waitFor(() => expect(lastFrame()).toContain('filter /'));
    stdin.write('\x03');
    await vi.waitFor(() => expect(s.quit).toHaveBeenCalledTimes(2));
    expect(s.quit).toHaveBeenLastCalledWith(130);
  });

  it('says replay is not available when the session has none', async () => {
    const { session: s, insert } = session();
    insert(sample('smsc', 'delivered'));
    const { lastFrame, stdin } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 1'));
    stdin.write('r');
    await vi.waitFor(() => expect(lastFrame()).toContain('replay is not available in this session'));
  });

  it('replays the selected capture to a URL typed at the prompt', async () => {
    const replay = vi.fn(async (captureId: string, url: string): Promise<ReplayDone> => ({
      status: 200, verdict: 'accepted', accepted: true, stored: null,
      record: s.store.get(captureId),
      result: { url, status: 200, latencyMs: 1, verdict: 'accepted', accepted: true, error: null, errorKind: null },
    }));
    const { session: s, insert } = session({ replay });
    const record = insert(sample('smsc', 'delivered'));
    const { lastFrame, stdin } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 1'));
    stdin.write('r');
    await vi.waitFor(() => expect(lastFrame()).toContain(`replay ${record.id} to URL:`));
    stdin.write('http://localhost:3000/hook');
    await vi.waitFor(() => expect(lastFrame()).toContain('http://localhost:3000/hook_'));
    stdin.write('\r');
    await vi.waitFor(() => expect(lastFrame()).toContain(`replay ${record.id} → http://localhost:3000/hook: 200 · accepted`));
    expect(replay).toHaveBeenCalledWith(record.id, 'http://localhost:3000/hook');
    // The URL is offered again next time.
    stdin.write('r');
    await vi.waitFor(() => expect(lastFrame()).toContain('to URL: http://localhost:3000/hook_'));
    stdin.write('\x1b');
    await vi.waitFor(() => expect(lastFrame()).toContain('f follow'));
  });

  it('c hands the curl command of the selection to onCopy and says where it goes', async () => {
    const { session: s, insert } = session();
    const record = insert(sample('smsc', 'delivered'));
    const onCopy = vi.fn();
    const { lastFrame, stdin } = render(<App session={s} paint={mono} onCopy={onCopy} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 1'));
    stdin.write('c');
    await vi.waitFor(() => expect(lastFrame()).toContain(`curl for ${record.id} prints below the UI when you quit (1)`));
    expect(onCopy).toHaveBeenCalledWith(record.id, expect.stringMatching(/\| curl -sS -X 'POST' .*'http:\/\/mysite\.ru\/smsc\/handler\.php'$/));
  });

  it('? shows help and any key goes back', async () => {
    const { session: s } = session();
    const { lastFrame, stdin } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('No captures yet'));
    stdin.write('?');
    await vi.waitFor(() => expect(lastFrame()).toContain('Filter terms'));
    expect(lastFrame()).toContain('any key back');
    stdin.write('x');
    await vi.waitFor(() => expect(lastFrame()).toContain('No captures yet'));
  });

  it('pages a large history from the store: g oldest, G newest, PgUp past the window loads older', async () => {
    const { session: s, insert, arrive } = session();
    const ids: string[] = [];
    const req = sample('smsc', 'delivered');
    for (let n = 0; n < 450; n++) ids.push(insert({ ...req, body: Buffer.from(`id=${n}&phone=79990000000&status=1&err=0`) }).id);
    const { lastFrame, stdin } = render(<App session={s} paint={mono} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 450'));
    expect(selected(lastFrame())).toContain(' 449 ');
    stdin.write('g');
    await vi.waitFor(() => expect(selected(lastFrame())).toMatch(/status +0 /));
    expect(lastFrame()).toContain('newer below (G)');
    // New captures while scrolled back are counted, not pulled into view.
    arrive({ ...req, body: Buffer.from('id=450&phone=79990000000&status=1&err=0') });
    await vi.waitFor(() => expect(lastFrame()).toContain('1 new, newer below (G)'));
    stdin.write('G');
    await vi.waitFor(() => expect(selected(lastFrame())).toContain(' 450 '));
    // Walk up past the first loaded page (200 rows): the next page comes from the store.
    for (let n = 0; n < 13; n++) stdin.write('\x1b[5~');
    await vi.waitFor(() => expect(selected(lastFrame())).toMatch(/status +2[0-4]\d /));
  });
});
