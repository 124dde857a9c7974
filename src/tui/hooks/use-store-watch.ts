import { useEffect, type Dispatch, type RefObject } from 'react';
import type { TuiSession } from '../model.js';
import type { Action, TuiState } from '../state.js';
import { latestPage } from './pager.js';

/** How often the store is asked whether another process deleted what is shown. */
export const WATCH_MS = 1000;

/**
 * Notices captures deleted by another process (`webhook-kit clear` in another shell), which
 * sends no event: the rows, counts and selection would describe captures that no longer exist.
 * Each tick looks up the newest loaded row and the selected one by key (two index lookups, so
 * 100k stored captures cost the same); when one is gone, the newest page and the count are read
 * again.
 */
export function useStoreWatch(session: Pick<TuiSession, 'store' | 'secrets'>, dispatch: Dispatch<Action>, state: RefObject<TuiState>, everyMs = WATCH_MS): void {
  useEffect(() => {
    const { store } = session;
    const reconcile = (): void => {
      const s = state.current;
      // Nothing loaded (an empty store, or one just emptied): captures another process stored
      // since (a `replay` into this store) are shown as they are.
      if (s.rows.length === 0) {
        if (store.list({ limit: 1 }).length > 0) dispatch({ type: 'load', ...latestPage(session), select: 'last' });
        return;
      }
      // The newest loaded row and the selection: `--retention rotate` deletes the oldest ones as
      // it goes (counted on the status line), which is no reason to move the user's view.
      const held = [s.rows.at(-1)!.seq, s.selected ?? undefined].filter((n) => n !== undefined);
      if (held.every((seq) => store.bySeq(seq) !== undefined)) return;
      const page = latestPage(session);
      dispatch({ type: 'load', ...page, select: 'last' });
      dispatch({
        type: 'message',
        text: page.total === 0 ? 'another process emptied the store (webhook-kit clear?)' : `captures shown were deleted elsewhere; reloaded (${page.total} stored)`,
      });
    };
    const timer = setInterval(() => {
      try {
        reconcile();
      } catch {
        // A store that cannot be read now (busy, failing) is the server's to report ('problem'
        // events); the next tick looks again.
      }
    }, everyMs);
    // Never what keeps the process alive (listen's server does that).
    timer.unref();
    return () => clearInterval(timer);
  }, [session, dispatch, state, everyMs]);
}
