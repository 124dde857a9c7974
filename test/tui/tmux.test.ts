import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { unclaimedPort } from '../helpers/ports.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('skipping the real-terminal TUI test: tmux is not installed (apt-get install tmux)');

// A private tmux server, so the test never touches the user's sessions.
const SOCKET = `wk-tui-test-${process.pid}`;
const tmux = (...args: string[]): string => {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const screen = (): string => tmux('capture-pane', '-p', '-t', 'wk');
const paneFlag = (name: string): string => tmux('display-message', '-p', '-t', 'wk', `#{${name}}`).trim();

const tmp = tempDir('wk-tmux-');
afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  tmp.cleanup();
});

describe('listen TUI in a real terminal (tmux)', () => {
  it.skipIf(!hasTmux)('shows a sent callback decoded, and q exits 0 with the terminal restored', async () => {
    expect(existsSync(join(ROOT, 'dist/tui/run.js')), 'build first: npm run build').toBe(true);
    const port = await unclaimedPort();
    const exitFile = join(tmp.dir, 'exit');
    tmux('new-session', '-d', '-s', 'wk', '-x', '100', '-y', '30', '-c', ROOT, `env PS1='wk$ ' sh`);
    // Ink draws only the last frame when it thinks it runs in CI; this is a real terminal.
    const cmd = `env -u CI -u CONTINUOUS_INTEGRATION node bin/webhook-kit.js listen --port ${port} --store ${join(tmp.dir, 's.db')}; echo EXIT=$? > ${exitFile}`;
    // Typed once the shell has prompted: typed earlier, the echo comes first and the prompt after
    // it, and the last line reads `wk$ wk$` (seen under a loaded full run).
    await vi.waitFor(() => expect(screen()).toContain('wk$'), { timeout: 20_000, interval: 100 });
    tmux('send-keys', '-t', 'wk', '-l', cmd);
    tmux('send-keys', '-t', 'wk', 'Enter');
    const slow = { timeout: 20_000, interval: 100 };
    await vi.waitFor(() => expect(screen()).toContain(`listening on http://127.0.0.1:${port}`), slow);
    await vi.waitFor(() => expect(screen()).toContain('No captures yet'), slow);
    await vi.waitFor(() => expect(paneFlag('alternate_on')).toBe('1'), slow);

    const send = spawn(process.execPath, [join(ROOT, 'bin/webhook-kit.js'), 'send', '--provider', 'smsc', '--fixture', 'delivered', '--to', `http://127.0.0.1:${port}/smsc`, '--no-retry'], { stdio: 'ignore' });
    const [sendCode] = (await once(send, 'close')) as [number];
    expect(sendCode).toBe(0);
    await vi.waitFor(() => expect(screen()).toMatch(/> .*smsc +status +123 +79991234567 +delivered \*/), slow);
    await vi.waitFor(() => expect(screen()).toContain('this session 1 (smsc 1)'), slow);

    tmux('send-keys', '-t', 'wk', 'q');
    await vi.waitFor(() => expect(existsSync(exitFile) && readFileSync(exitFile, 'utf8')).toBe('EXIT=0\n'), slow);
    // Restored: main screen back with the shell prompt, cursor visible, no TUI left on it.
    await vi.waitFor(() => expect(screen().trimEnd().split('\n').at(-1)).toBe('wk$'), slow);
    await vi.waitFor(() => expect(paneFlag('alternate_on')).toBe('0'), slow);
    await vi.waitFor(() => expect(paneFlag('cursor_flag')).toBe('1'), slow);
    expect(screen()).not.toContain('No captures yet');
    // The typed command is back on the main screen (the prompt may have come after the keys).
    expect(screen()).toContain(cmd.slice(0, 40));
  });
});
