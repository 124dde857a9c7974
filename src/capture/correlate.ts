import { hash } from 'node:crypto';
import type { Decoded, DecodedEvent, DecodedStatus, Provider, StatusInfo } from '../core/types.js';
import type { EVENT_FLAGS } from '../core/types.js';
import { lookupStatus, statusInfo } from '../core/status.js';
import type { IndexedStatusRow, StatusReport, Store } from './store.js';

/**
 * What one event says about its message's history; `likely-duplicate`: the same content as a
 * recent callback that carried another message id (listen only, see RecentContent).
 */
export type Flag = (typeof EVENT_FLAGS)[number];

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
 * for a per-part status, only a repeat of the same part, `parts`: the others are further parts),
 * an intermediate status after a final one, or a final outcome that contradicts an earlier
 * final one (failed after delivered). Success after success (delivered → read) is allowed.
 */
export function flagStatus(before: readonly StatusInfo[], beforeCodes: readonly string[], next: DecodedStatus, parts?: { before: ReadonlyArray<string | null>; next: string | null }): Flag[] {
  const flags: Flag[] = [];
  // One report per part of a long SMS (StatusInfo.perPart) repeats the code by design; the same part again is a re-sent report.
  const part = parts?.next ?? null;
  const repeat = next.perPart ? part !== null && beforeCodes.some((c, i) => c === next.code && parts!.before[i] === part) : beforeCodes.includes(next.code);
  if (repeat) flags.push('duplicate');
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
    const parts = status.perPart ? { before: out.map((e) => e.part), next: row.part } : undefined;
    out.push({ ...row, status, flags: flagStatus(out.map((e) => e.status), out.map((e) => e.status.code), status, parts) });
  }
  return out;
}

/** The status events of a decode worth indexing: those with a message id and a status code (and their part, DecodedEvent.part). */
export function indexable(decoded: Decoded | null): Array<{ messageId: string; code: string; part: string | null }> {
  if (!decoded) return [];
  return decoded.events.flatMap((e) => (e.kind === 'status' && e.messageId && e.status ? [{ messageId: e.messageId, code: e.status.code, part: e.part ?? null }] : []));
}

/** Where earlier statuses of a message come from: the store's index, or listen's recent-history cache. */
export interface CodesSource {
  (provider: string, messageId: string): StatusReport[];
  /** listen's recent contents, for `likely-duplicate` (RecentStatuses has them; the store does not). */
  readonly content?: RecentContent;
}

/**
 * Flags for each event of a capture (status flags for status events only); where `codesOf`
 * carries listen's recent contents, also `likely-duplicate`.
 */
export function flagEvents(codesOf: CodesSource, provider: Provider | null, decoded: Decoded | null): Flag[][] {
  if (!provider || !decoded) return [];
  const lookalike = codesOf.content?.check(provider.id, decoded.events);
  return decoded.events.map((e, i) => {
    const flags: Flag[] = [];
    if (e.kind === 'status' && e.messageId && e.status) {
      const reports = codesOf(provider.id, e.messageId);
      const codes = reports.map((r) => r.code);
      // Runs for every capture listen stores: table entries, not a DecodedStatus per earlier code.
      // The parts only where they count (a per-part status): no more arrays a capture on listen's hot path.
      const parts = e.status.perPart ? { before: reports.map((r) => r.part), next: e.part ?? null } : undefined;
      flags.push(...flagStatus(codes.map((code) => statusInfo(provider.statuses, code)), codes, e.status, parts));
    }
    if (lookalike?.[i]) flags.push('likely-duplicate');
    return flags;
  });
}

/**
 * What makes two callbacks "the same content" (docs/providers.md#likely-duplicate): everything
 * decoded but the message id and the fields kept as unknown (delivery ids such as an envelope
 * `id` live there and change on a re-send). Null where too little is said to tell two messages
 * apart: no message id, no phone, or neither a time nor a text (a Webcom Mobi state).
 */
export function contentKey(provider: string, e: DecodedEvent): string | null {
  if (!e.messageId || !e.phone || (!e.time && !e.text)) return null;
  return [provider, e.kind, e.status?.code, e.error?.code, e.phone, e.to, e.text, e.time, e.channel, e.attachment].map((x) => x ?? '').join('\u0000');
}

/**
 * A map keeping about the `max` most recently used keys, in two generations: when the newer one
 * holds half, the older is dropped. O(1) a call, where evicting a Map's first key through
 * `keys().next()` costs about 30 µs in Node 20 once deletions pile up (the iterator walks the
 * deleted slots), which listen's hot path would pay on every new message past the bound.
 */
export class RecentMap<V> {
  private newer = new Map<string, V>();
  private older = new Map<string, V>();

  constructor(private readonly max: number) {}

  /** The value, kept among the recent ones when it was in the older generation. */
  get(key: string): V | undefined {
    const v = this.newer.get(key);
    if (v !== undefined) return v;
    const old = this.older.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.newer.size >= Math.max(1, Math.floor(this.max / 2))) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
  }
}

/**
 * listen's memory of recent callback contents (a digest each, bounded), to flag a callback
 * whose content was seen under another message id: a gateway re-sending one SMS as a new
 * message. Per-part reports share their message id, so they never match each other.
 */
export class RecentContent {
  /** Digest of the content -> the message id it was first seen with. */
  private readonly seen: RecentMap<string>;

  constructor(max = 10_000) {
    this.seen = new RecentMap(max);
  }

  /** Per event: seen before with another message id. Then remembers the events (not matched against each other: a batch lists distinct messages). */
  check(provider: string, events: readonly DecodedEvent[]): boolean[] {
    const digests = events.map((e) => {
      const key = contentKey(provider, e);
      return key === null ? null : hash('sha1', key, 'base64');
    });
    const firstIds = digests.map((d) => (d === null ? undefined : this.seen.get(d)));
    digests.forEach((d, i) => {
      if (d !== null && firstIds[i] === undefined) this.seen.set(d, events[i]!.messageId!);
    });
    return firstIds.map((id, i) => id !== undefined && id !== events[i]!.messageId);
  }
}

/** Flags of a stored capture against the captures stored before it. */
export function flagsFor(store: Store, provider: Provider | null, decoded: Decoded | null, beforeSeq: number): Flag[][] {
  return flagEvents((p, id) => store.codesOf(p, id, beforeSeq, TIMELINE_WINDOW), provider, decoded);
}

/**
 * listen's memory of recent status codes per message, so flagging a capture under load costs
 * no query. Filled from the store on first sight of a message; bounded in messages and codes.
 * It carries the recent contents too (`codesOf.content`), so listen's one flagging call
 * (server.ts, group-commit.ts) also flags `likely-duplicate`.
 */
/** A message's key in RecentStatuses: its provider and id (no provider id holds a NUL). */
const messageKey = (provider: string, messageId: string): string => `${provider}\u0000${messageId}`;

export class RecentStatuses {
  private readonly recent: RecentMap<StatusReport[]>;

  constructor(
    private readonly store: Store,
    maxMessages = 10_000,
  ) {
    this.recent = new RecentMap(maxMessages);
  }

  /** Statuses seen so far for a message, oldest first; `content`, the recent contents. */
  readonly codesOf: CodesSource = Object.assign((provider: string, messageId: string): StatusReport[] => this.codesFor(provider, messageId), { content: new RecentContent() });

  private codesFor(provider: string, messageId: string): StatusReport[] {
    const key = messageKey(provider, messageId);
    let codes = this.recent.get(key);
    if (!codes) {
      codes = this.store.codesOf(provider, messageId, Number.MAX_SAFE_INTEGER, TIMELINE_WINDOW);
      this.recent.set(key, codes);
    }
    return codes;
  }

  /**
   * Fetches, in one query per provider, the codes of the messages among `events` not in memory:
   * a batch's first sight of many messages then costs one statement, not one each (Store.latestCodes).
   */
  prefetch(events: ReadonlyArray<{ provider: string; messageId: string }>): void {
    const missing = new Map<string, Set<string>>();
    for (const e of events) {
      if (this.recent.get(messageKey(e.provider, e.messageId)) !== undefined) continue;
      let ids = missing.get(e.provider);
      if (!ids) missing.set(e.provider, (ids = new Set()));
      ids.add(e.messageId);
    }
    for (const [provider, ids] of missing) {
      const found = this.store.latestCodes(provider, [...ids], TIMELINE_WINDOW);
      for (const id of ids) this.recent.set(messageKey(provider, id), found.get(id) ?? []);
    }
  }

  /** Remembers a capture's statuses (call after flagging it). */
  add(events: ReadonlyArray<{ provider: string; messageId: string; code: string; part?: string | null }>): void {
    for (const e of events) {
      const codes = this.codesOf(e.provider, e.messageId);
      codes.push({ code: e.code, part: e.part ?? null });
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
