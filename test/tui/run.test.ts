import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ListenSession } from '../../src/capture/session.js';
import { startTui } from '../../src/tui/run.js';
import { FakeStdin, FakeStdout, sample, testSession } from './helpers.js';

let close: (() => void) | undefined;
afterEach(() => close?.());

describe('startTui', () => {
  it('draws on the alternate screen, and unmount restores the terminal before printing copied curl commands', async () => {
    const t = testSession();
    close = t.close;
    const record = t.insert(sample('smsc', 'delivered'));
    const stdout = Object.assign(new FakeStdout(100, 30), { isTTY: true });
    const stdin = new FakeStdin();
    const exitListeners = process.listenerCount('exit');
    const tui = startTui(t.session as unknown as ListenSession, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      env: { NO_COLOR: '1' },
    });
    const out = () => stdout.frames.join('');
    expect(out().startsWith('\x1b[?1049h')).toBe(true);
    stdin.write('c');
    stdin.write('q');
    await vi.waitFor(() => expect(t.session.quit).toHaveBeenCalledWith(0));
    tui.unmount();
    tui.unmount();
    const text = out();
    const leave = text.lastIndexOf('\x1b[?1049l\x1b[?25h');
    expect(leave).toBeGreaterThan(0);
    const after = text.slice(leave + '\x1b[?1049l\x1b[?25h'.length);
    expect(after).toContain(`# webhook-kit capture ${record.id}\nprintf 'id=123&phone=79991234567`);
    expect(after).toMatch(/\| curl -sS -X 'POST' .*handler\.php'\n$/);
    expect(process.listenerCount('exit')).toBe(exitListeners);
  });
});
