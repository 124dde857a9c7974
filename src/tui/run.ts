// First: decides React's build before ink and React load.
import './production.js';
import { render } from 'ink';
import { createElement } from 'react';
import type { ListenSession } from '../capture/session.js';
import type { Io } from '../core/io.js';
import { toSafeText } from '../core/safe-text.js';
import { paintFor } from '../output/paint.js';
import { App } from './components/App.js';
import type { TuiSession } from './model.js';
import { selfCommand, shellArg } from './self-command.js';

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H';
// Erased before it is left: tmux, after the window was resized while the alternate screen was
// on, lets lines of it into the restored main screen (test/tui/first-hour.test.ts, resize).
const ALT_SCREEN_OFF = '\x1b[H\x1b[2J\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

/**
 * Draws the inspector full-screen on io.stdout (alternate screen when it is a terminal) and
 * returns unmount, which restores the terminal and then prints the curl commands copied with `c`.
 */
export function startTui(session: ListenSession, io: Io & { stdin: NodeJS.ReadStream }): { unmount(): void } {
  const out = io.stdout;
  const alt = out.isTTY === true;
  const copied: Array<{ id: string; command: string }> = [];
  // How this shell runs webhook-kit: the hints printed here and on the empty screen must run.
  const self = selfCommand(io.env);
  const tuiSession: TuiSession = session;
  let restored = false;
  // Last resort if the process dies without unmount: never leave the user's terminal unusable.
  const restore = (): void => {
    if (restored) return;
    restored = true;
    if (alt) out.write(ALT_SCREEN_OFF);
    out.write(SHOW_CURSOR);
  };
  process.once('exit', restore);
  if (alt) out.write(ALT_SCREEN_ON);
  const instance = render(
    createElement(App, {
      session: tuiSession,
      paint: paintFor(out, io.env),
      command: self,
      onCopy: (id: string, command: string) => copied.push({ id, command }),
    }),
    {
      stdout: out,
      stdin: io.stdin,
      stderr: io.stderr,
      // q and Ctrl-C go through session.quit so listen closes the server and store in order.
      exitOnCtrlC: false,
      maxFps: 30,
      // Stray console output would tear the frame; ink redraws around it (when console is real).
      patchConsole: typeof console.Console === 'function',
    },
  );
  let done = false;
  return {
    unmount(): void {
      if (done) return;
      done = true;
      instance.unmount();
      restore();
      process.off('exit', restore);
      for (const { id, command } of copied) {
        // The command is ours but carries header bytes from the payload: written only when clean.
        const safe = toSafeText(command);
        out.write(`# webhook-kit capture ${id}\n`);
        const exactly = `${self} export --format curl ${id} --store ${shellArg(session.store.file)} --reveal-secrets`;
        if (safe !== command) out.write(`# control characters are shown escaped; for exact bytes: ${exactly}\n`);
        else if (command.includes('<secret sha256:')) out.write(`# a secret is masked; for exact bytes: ${exactly}\n`);
        out.write(`${safe}\n`);
      }
    },
  };
}
