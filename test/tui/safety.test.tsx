import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/tui/components/App.js';
import { colour, mono, renderAt, sample, stripSgr, testSession } from './helpers.js';

let closers: Array<() => unknown> = [];
afterEach(() => {
  cleanup();
  closers.forEach((c) => c());
  closers = [];
});
const session = () => {
  const s = testSession();
  closers.push(s.close);
  return s;
};

// Anything a terminal could act on: C0 (but newline), DEL, C1, bidi controls and isolates.
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = '\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\u202egnp.exe\xc2\x9b31m';
const enc = (s: string): string => encodeURIComponent(s);

/** A capture whose every part (path, headers, message id, phone, text, answer) is hostile. */
function hostile() {
  const body = `id=${enc('\x1b]52;c;ZXZpbA==\x07')}&phone=${enc('\x1b[2J\u202e7999')}&status=1&err=0&time=1700000000&mes=${enc(HOSTILE)}`;
  return {
    method: 'POST',
    url: `/smsc/\x1b[2J\u202e?x=\x9b1m`,
    headers: [
      ['Host', '127.0.0.1:8686'],
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['X-Evil', `a\x9b2Jb\u202ec\x1b]52;c;eA==\x07`],
    ] as Array<[string, string]>,
    body: Buffer.concat([Buffer.from(body), Buffer.from(`&raw=${HOSTILE}`, 'utf8')]),
  };
}

describe('tui safety and size', () => {
  for (const [name, paint] of [['NO_COLOR', mono], ['colour', colour]] as const) {
    it(`renders a hostile payload inert in every tab (${name})`, async () => {
      const { session: s, insert } = session();
      insert(hostile());
      const { frames, lastFrame, stdin } = render(<App session={s} paint={paint} />);
      await vi.waitFor(() => expect(lastFrame()).toContain('stored 1'));
      stdin.write('d');
      const seen: string[] = [];
      for (const tab of ['decoded', 'fields', 'headers', 'body', 'hex', 'answer']) {
        await vi.waitFor(() => expect(lastFrame()).toContain(`[${tab}]`));
        seen.push(lastFrame()!);
        stdin.write('\t');
      }
      stdin.write('?');
      await vi.waitFor(() => expect(lastFrame()).toContain('Filter terms'));
      // Ink's own SGR colour codes are the only escapes allowed on screen.
      for (const frame of frames) expect(stripSgr(frame)).not.toMatch(ACTIVE);
      if (paint === mono) for (const frame of frames) expect(frame).not.toContain('\x1b');
      const all = seen.map(stripSgr).join('\n');
      // Shown as visible escapes instead.
      expect(all).toContain('\\x1b[2J');
      expect(all).toContain('\\x1b]52;c;ZXZpbA==\\x07');
      expect(all).toContain('\\u202e');
      expect(all).toContain('\\x9b');
    });
  }

  it("renders a hostile app answer inert: the row's APP cell, the verdict and the answer tab", async () => {
    const { session: s, store } = session();
    const req = sample('smsc', 'delivered');
    // As stored by a forward: the URL carries the received path, the verdict and error carry text from outside.
    store.insert({
      ...req, receivedAt: Date.UTC(2024, 0, 1), remote: '127.0.0.1:5000', size: req.body.length, truncated: false,
      answer: { status: 502, headers: [], body: Buffer.from('x') },
      forward: { url: `http://127.0.0.1:3000/smsc/${HOSTILE}`, status: null, latencyMs: 3, verdict: `app said ${HOSTILE}`, accepted: null, error: HOSTILE, errorKind: `\x1b[2J${HOSTILE}` },
    });
    const { frames, lastFrame, stdin } = render(<App session={s} paint={colour} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 1'));
    expect(lastFrame()).toContain('APP');
    stdin.write('d');
    await vi.waitFor(() => expect(stripSgr(lastFrame()!)).toContain('your app (no answer): ✗ app said \\x1b[2J'));
    for (let t = 0; t < 5; t++) stdin.write('\t');
    await vi.waitFor(() => expect(lastFrame()).toContain('[answer]'));
    const answer = stripSgr(lastFrame()!);
    expect(answer).toContain('url: http://127.0.0.1:3000/smsc/\\x1b[2J\\x1b]0;pwned\\x07');
    expect(answer).toContain('status: no answer');
    expect(answer).toContain('error: \\x1b[2J');
    for (const frame of frames) expect(stripSgr(frame)).not.toMatch(ACTIVE);
  });

  it('masks secrets in rows, every tab and the copied curl command, like every other output', async () => {
    const { session: s, insert } = session();
    const req = sample('zender', 'incoming');
    insert({ ...req, body: Buffer.from(req.body.toString().replace('MY_SECRET', 'Zs3cr3t-Value_42&note=Zs3cr3t-Value_42')) });
    const onCopy = vi.fn();
    const { frames, lastFrame, stdin } = render(<App session={s} paint={mono} onCopy={onCopy} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 1'));
    stdin.write('d');
    for (const tab of ['decoded', 'fields', 'headers', 'body', 'hex', 'answer']) {
      await vi.waitFor(() => expect(lastFrame()).toContain(`[${tab}]`));
      if (tab === 'fields') expect(lastFrame()).toMatch(/secret: <secret sha256:[0-9a-f]{8}>/);
      stdin.write('\t');
    }
    stdin.write('/');
    stdin.write('Zs3cr3t');
    await vi.waitFor(() => expect(lastFrame()).toContain('0/1 match'));
    stdin.write('\x1b');
    await vi.waitFor(() => expect(lastFrame()).toContain('f follow'));
    stdin.write('c');
    await vi.waitFor(() => expect(lastFrame()).toContain('secret masked'));
    for (const frame of frames) expect(frame).not.toContain('Zs3cr3t-Value_42');
    expect(onCopy.mock.calls[0]![1]).not.toContain('Zs3cr3t-Value_42');
    expect(onCopy.mock.calls[0]![1]).toMatch(/<secret sha256:[0-9a-f]{8}>/);
  });

  it('fits an 80x24 terminal: no line longer than 80, and follows a live resize', async () => {
    const { session: s, insert } = session();
    insert(hostile());
    insert({ ...sample('smsc', 'delivered'), url: `/smsc/${'very-long-path/'.repeat(20)}` });
    for (const name of ['failed', 'incoming', 'sent']) insert(sample('smsc', name));
    const { stdout, stdin, lastFrame, unmount } = renderAt(<App session={s} paint={colour} />, 80, 24);
    closers.push(unmount);
    const lines = () => stripSgr(lastFrame()).split('\n');
    const widest = () => Math.max(...lines().map((l) => [...l].length));
    await vi.waitFor(() => expect(lastFrame()).toContain('stored 5'));
    expect(widest()).toBeLessThanOrEqual(80);
    expect(lines().length).toBeLessThanOrEqual(23);
    expect(lines().join('\n')).toContain('q quit');
    stdin.write('d');
    await vi.waitFor(() => expect(lastFrame()).toContain('[decoded]'));
    for (let t = 0; t < 6; t++) {
      expect(widest()).toBeLessThanOrEqual(80);
      expect(lines().length).toBeLessThanOrEqual(23);
      stdin.write('\t');
      await vi.waitFor(() => expect(lastFrame()).toContain(`[${['fields', 'headers', 'body', 'hex', 'answer', 'decoded'][t]}]`));
    }
    // The meaning is what the list is for: it stays at 80 columns (others shrink or go first).
    expect(lines().join('\n')).toMatch(/ MEANING +SIG +FLAGS$/m);
    expect(lines().join('\n')).toMatch(/ failed +\* Impossible to del… /);
    stdout.resize(130, 40);
    await vi.waitFor(() => expect(lastFrame()).toContain('PATH'));
    expect(widest()).toBeLessThanOrEqual(130);
    expect(widest()).toBeGreaterThan(80);
    expect(lines().length).toBeLessThanOrEqual(39);
    stdout.resize(60, 16);
    await vi.waitFor(() => expect(lines().length).toBeLessThanOrEqual(15));
    expect(widest()).toBeLessThanOrEqual(60);
  });
});
