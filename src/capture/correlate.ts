import type { Decoded, DecodedStatus, Provider, StatusInfo } from '../core/types.js';
import { lookupStatus, statusInfo } from '../core/status.js';
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
 * Flags for `next` given the statuses before it: a repeat of a code already seen (a retry;
 * not for a per-part status, whose repeats are the other parts),
 * an intermediate status after a final one, or a final outcome that contradicts an earlier
 * final one (failed after delivered). Success after success (delivered → read) is allowed.
 */
export function flagStatus(before: readonly StatusInfo[], beforeCodes: readonly string[], next: DecodedStatus): Flag[] {
  const flags: Flag[] = [];
  // One report per part of a long SMS (StatusInfo.perPart) repeats the code by design.
  if (beforeCodes.includes(next.code) && !next.perPart) flags.push('duplicate');
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

/** Where earlier status codes of a message come from: the store's index, or listen's recent-history cache. */
export type CodesSource = (provider: string, messageId: string) => string[];

/** Flags for each event of a capture (empty for non-status events). */
export function flagEvents(codesOf: CodesSource, provider: Provider | null, decoded: Decoded | null): Flag[][] {
  if (!provider || !decoded) return [];
  return decoded.events.map((e) => {
    if (e.kind !== 'status' || !e.messageId || !e.status) return [];
    const codes = codesOf(provider.id, e.messageId);
    // Runs for every capture listen stores: table entries, not a DecodedStatus per earlier code.
    return flagStatus(codes.map((code) => statusInfo(provider.statuses, code)), codes, e.status);
  });
}

/** Flags of a stored capture against the captures stored before it. */
export function flagsFor(store: Store, provider: Provider | null, decoded: Decoded | null, beforeSeq: number): Flag[][] {
  return flagEvents((p, id) => store.codesOf(p, id, beforeSeq, TIMELINE_WINDOW), provider, decoded);
}

/**
 * listen's memory of recent status codes per message, so flagging a capture under load costs
 * no query. Filled from the store on first sight of a message; bounded in messages and codes.
 */
export class RecentStatuses {
  private readonly recent = new Map<string, string[]>();

  constructor(
    private readonly store: Store,
    private readonly maxMessages = 10_000,
  ) {}

  /** Codes seen so far for a message, oldest first. */
  readonly codesOf: CodesSource = (provider, messageId) => {
    const key = `${provider}\u0000${messageId}`;
    let codes = this.recent.get(key);
    if (!codes) {
      codes = this.store.codesOf(provider, messageId, Number.MAX_SAFE_INTEGER, TIMELINE_WINDOW);
      if (this.recent.size >= this.maxMessages) this.recent.delete(this.recent.keys().next().value!);
      this.recent.set(key, codes);
    }
    return codes;
  };

  /** Remembers a capture's codes (call after flagging it). */
  add(events: ReadonlyArray<{ provider: string; messageId: string; code: string }>): void {
    for (const e of events) {
      const codes = this.codesOf(e.provider, e.messageId);
      codes.push(e.code);
      if (codes.length > TIMELINE_WINDOW) codes.shift();
    }
  }
}

/** Statuses of one message shown in a timeline (`show`, the TUI's details), the latest ones. */
export const TIMELINE_LIMIT = 200;

/** A message's whole timeline (up to `limit` latest statuses), flagged. */
export function messageTimeline(store: Store, provider: Provider, messageId: string, limit = TIMELINE_LIMIT): TimelineEntry[] {
  return buildTimeline(provider, store.statusesOf(provider.id, messageId, { limit }));
}

/** The timeline of every message a decoded capture reports a status of, by message id. */
export function timelinesOf(store: Store, provider: Provider | null, decoded: Decoded | null): Map<string, TimelineEntry[]> {
  const out = new Map<string, TimelineEntry[]>();
  if (!provider) return out;
  for (const { messageId } of indexable(decoded)) if (!out.has(messageId)) out.set(messageId, messageTimeline(store, provider, messageId));
  return out;
}
