import type { Decoded, DecodedStatus, Provider, StatusInfo } from '../core/types.js';
import { lookupStatus } from '../core/status.js';
import type { IndexedStatusRow, Store } from './store.js';

/** What one status event says about its message's history. */
export type Flag = 'duplicate' | 'out-of-order' | 'impossible';

/** One status of a message, in the order the captures arrived. */
export interface TimelineEntry extends IndexedStatusRow {
  status: DecodedStatus;
  flags: Flag[];
}

/** How many earlier statuses of one message are looked at when flagging a new one. */
export const TIMELINE_WINDOW = 50;

const isSuccess = (s: StatusInfo): boolean => s.outcome === 'delivered' || s.outcome === 'read';

/**
 * Flags for `next` given the statuses before it: a repeat of a code already seen (a retry),
 * an intermediate status after a final one, or a final outcome that contradicts an earlier
 * final one (failed after delivered). Success after success (delivered → read) is allowed.
 */
export function flagStatus(before: readonly StatusInfo[], beforeCodes: readonly string[], next: DecodedStatus): Flag[] {
  const flags: Flag[] = [];
  if (beforeCodes.includes(next.code)) flags.push('duplicate');
  const finals = before.filter((s) => s.final);
  if (finals.length && !next.final) flags.push('out-of-order');
  if (next.final && finals.some((f) => !(isSuccess(f) && isSuccess(next)) && !beforeCodes.includes(next.code))) flags.push('impossible');
  return flags;
}

/** The timeline of one message from its indexed statuses (oldest first), each flagged. Pure. */
export function buildTimeline(provider: Provider, rows: readonly IndexedStatusRow[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const row of rows) {
    const status = lookupStatus(provider.statuses, row.code, provider.name);
    out.push({ ...row, status, flags: flagStatus(out.map((e) => e.status), out.map((e) => e.status.code), status) });
  }
  return out;
}

/** The status events of a decode worth indexing: those with a message id and a status code. */
export function indexable(decoded: Decoded | null): Array<{ messageId: string; code: string }> {
  if (!decoded) return [];
  return decoded.events.flatMap((e) => (e.kind === 'status' && e.messageId && e.status ? [{ messageId: e.messageId, code: e.status.code }] : []));
}

/** Flags for each event of a capture (empty for non-status events), from the store's index. */
export function flagsFor(store: Store, provider: Provider | null, decoded: Decoded | null, beforeSeq: number): Flag[][] {
  if (!provider || !decoded) return [];
  return decoded.events.map((e) => {
    if (e.kind !== 'status' || !e.messageId || !e.status) return [];
    const before = store.statusesOf(provider.id, e.messageId, { beforeSeq, limit: TIMELINE_WINDOW });
    const statuses = before.map((r) => lookupStatus(provider.statuses, r.code, provider.name));
    return flagStatus(statuses, before.map((r) => r.code), e.status);
  });
}

/** A message's whole timeline (up to `limit` latest statuses), flagged. */
export function messageTimeline(store: Store, provider: Provider, messageId: string, limit = 200): TimelineEntry[] {
  return buildTimeline(provider, store.statusesOf(provider.id, messageId, { limit }));
}
