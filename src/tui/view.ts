import type { ListenSession, ListenView } from '../capture/session.js';
import type { Io } from '../core/io.js';
import { startTui } from './run.js';

/** The live terminal UI as a view of a listen session (loaded only when it is drawn). */
export function tuiView(io: Io & { stdin: NodeJS.ReadStream }): ListenView {
  let unmount: (() => void) | undefined;
  return {
    attach(session: ListenSession): void {
      unmount = startTui(session, io).unmount;
    },
    close(): void {
      unmount?.();
    },
  };
}
