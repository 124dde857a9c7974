import { useMemo } from 'react';
import type { TuiSession } from '../model.js';
import { loadDetail, type Detail } from './pager.js';

/**
 * The selected capture decoded in full, loaded from the store only while the details pane
 * is open (rows hold summaries). `version` (the capture total) refreshes its timeline.
 */
export function useDetail(session: Pick<TuiSession, 'store' | 'secrets'>, seq: number | null, version: number): Detail | null {
  return useMemo(() => (seq === null ? null : loadDetail(session, seq)), [session, seq, version]);
}
