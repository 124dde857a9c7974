import { spawnSync } from 'node:child_process';
import { vi } from 'vitest';

const slow = { timeout: 20_000, interval: 50 };

/**
 * A shell in a real terminal: a private tmux server (never the user's sessions) with one
 * window, typed into as a user would, its screen read back. Waits poll the screen, never sleep.
 */
export class Terminal {
  private readonly socket: string;

  constructor(name: string, columns = 120, rows = 30, cwd?: string) {
    this.socket = `wk-${name}-${process.pid}`;
    this.tmux('new-session', '-d', '-s', 'wk', '-x', String(columns), '-y', String(rows), ...(cwd ? ['-c', cwd] : []), `env PS1='wk$ ' sh`);
  }

  tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  /** Types a command line and presses Enter. */
  run(line: string): void {
    this.tmux('send-keys', '-t', 'wk', '-l', line);
    this.tmux('send-keys', '-t', 'wk', 'Enter');
  }

  /** Presses keys by tmux name (`C-c`, `C-d`, `Enter`). */
  keys(...names: string[]): void {
    this.tmux('send-keys', '-t', 'wk', ...names);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'wk');
  }

  /** Resolves once the screen shows `text` (or matches it). */
  async waitFor(text: string | RegExp): Promise<string> {
    await vi.waitFor(() => {
      const s = this.screen();
      if (typeof text === 'string' ? !s.includes(text) : !text.test(s)) throw new Error(`screen has no ${String(text)}:\n${s}`);
    }, slow);
    return this.screen();
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

export const hasTmux = (): boolean => spawnSync('tmux', ['-V']).status === 0;
