import { useEffect, type Dispatch } from 'react';
import type { TuiSession } from '../model.js';
import type { Action } from '../state.js';

/**
 * Says on the status line when the app behind `--forward-to` goes down or comes back; the
 * message is also the re-render that redraws the header's (app up)/(app DOWN). listen writes
 * these lines to stderr only without the TUI, where they would tear the frame.
 */
export function useHealth(session: Pick<TuiSession, 'forward' | 'tunnel'>, dispatch: Dispatch<Action>): void {
  const watch = session.forward?.onChange;
  useEffect(() => watch?.((change) => dispatch({ type: 'message', text: change.text, tone: change.up ? 'ok' : 'error' })), [watch, dispatch]);
  // The tunnel the same way: a restart, a new URL or a failed probe on the status line, and the header redrawn.
  const tunnel = session.tunnel?.onChange;
  useEffect(() => {
    // The probe that follows a new URL keeps the "paste it again" (it would replace it at once).
    let fresh: string | null = null;
    return tunnel?.((t) => {
      if (t.changed) fresh = t.publicUrl;
      const renewed = t.changed || (t.reachable === true && fresh === t.publicUrl);
      const text = t.state === 'down' ? `tunnel down: ${t.detail}` : t.reachable === false ? `tunnel does not reach listen: ${t.detail}` : renewed ? `new public URL ${t.publicUrl}${t.reachable ? ' (probe ok)' : ''}: paste it in the gateway again` : `tunnel: ${t.detail}`;
      dispatch({ type: 'message', text, tone: t.state === 'down' || t.reachable === false ? 'error' : 'ok' });
    });
  }, [tunnel, dispatch]);
}
