import { useEffect, type Dispatch } from 'react';
import type { CaptureView } from '../../capture/view.js';
import { summarise, type RowData, type TuiSession } from '../model.js';
import type { Action } from '../state.js';

/** How long live captures gather before one state update (one render) takes them all. */
export const FLUSH_MS = 80;

/**
 * Subscribes to the server's 'capture', 'problem' and 'recovered' events. Captures are summarised at once
 * (the view is dropped, rows stay small) and flushed in batches, so a burst of 1,000
 * captures/s costs about 12 renders/s instead of 1,000.
 */
export function useFeed(session: Pick<TuiSession, 'server'>, dispatch: Dispatch<Action>, onFlush?: (batch: number) => void): void {
  useEffect(() => {
    let pending: RowData[] = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = (): void => {
      timer = undefined;
      const rows = pending;
      pending = [];
      dispatch({ type: 'live', rows });
      onFlush?.(rows.length);
    };
    const onCapture = (view: CaptureView): void => {
      pending.push(summarise(view));
      timer ??= setTimeout(flush, FLUSH_MS);
    };
    const onProblem = (e: Error): void => dispatch({ type: 'message', text: `webhook-kit: ${e.message}`, tone: 'error' });
    // The store writes again: without this the problem's message would stay on the status line.
    const onRecovered = (text: string): void => dispatch({ type: 'message', text: `webhook-kit: ${text}`, tone: 'ok' });
    // Rotation is counted on the status line as it goes (--retention rotate).
    const onRotated = (r: { text: string }): void => dispatch({ type: 'message', text: `webhook-kit: ${r.text}`, tone: 'error' });
    session.server.on('capture', onCapture);
    session.server.on('rotated', onRotated);
    session.server.on('problem', onProblem);
    session.server.on('recovered', onRecovered);
    return () => {
      session.server.off('capture', onCapture);
      session.server.off('rotated', onRotated);
      session.server.off('problem', onProblem);
      session.server.off('recovered', onRecovered);
      if (timer) clearTimeout(timer);
    };
  }, [session.server, dispatch, onFlush]);
}
