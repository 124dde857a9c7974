import type { RawResponse } from '../core/raw-request.js';
import type { Inspection } from '../providers/inspect.js';
import { flagEvents, indexable, RecentStatuses, type CodesSource, type Flag } from './correlate.js';
import type { ForwardResult } from './forward.js';
import { storedFactsOf } from './store-facts.js';
import { secretsOf } from './view.js';
import type { CaptureRecord, IndexedEvent, InsertItem, NewCapture, Outcome, Store } from './store.js';

/** A capture waiting for the next commit, with how to flag it and whom to tell once it is written. */
interface Pending {
  capture: NewCapture;
  events: IndexedEvent[];
  /** Flags the capture's events against the statuses stored (or committed in this batch) before it. */
  flags: (codesOf: CodesSource) => Flag[][];
  done: (r: CaptureRecord | Error, flags: Flag[][]) => void;
  /** Its filter facts once numbered (Store.insertBatch calls it, after `flags`). */
  facts?: InsertItem['facts'];
}

/** Told once a capture added with GroupCommit.add is written (or failed): its record, its events' flags, the secrets its views mask. */
export type CommitDone = (r: CaptureRecord | Error, flags: Flag[][], masked: string[] | null) => void;

/** What the batcher tells its owner about the store's health (the server turns these into events). */
export interface CommitReports {
  /** The store failed to write `n` captures (called for every failed batch). */
  failed(e: Error, n: number): void;
  /** A batch of `n` captures was committed. */
  committed(n: number): void;
  /** The oldest captures were deleted to make room (--retention rotate). */
  rotated?(r: Rotation): void;
  /** The app's answers could not be recorded (no captures in that transaction to say it). */
  outcomesFailed(e: Error, n: number): void;
}

/**
 * Group commit: captures that arrive in the same turn of the event loop are written in one
 * transaction, and each is answered only after that transaction has committed (the invariant
 * test/capture/group-commit.test.ts holds it to). The app's answers to relayed captures ride
 * in the next commit, so relaying adds no transaction of its own.
 */
/** What to do when the store is full or holds --max-captures: refuse new captures (500), or delete the oldest. */
export interface Retention {
  mode: 'rotate' | 'refuse';
  /** Keep at most this many captures (rotate deletes the oldest, refuse answers 500). */
  maxCaptures?: number;
}

/** Captures deleted to make room; `first` marks the start of a streak (none in the minute before). */
export interface Rotation {
  deleted: number;
  /** Deleted in this streak so far. */
  streak: number;
  first: boolean;
  text: string;
}

/** Rotations less than this apart are one streak, announced once. */
const ROTATION_STREAK_MS = 60_000;

/**
 * How long the app's answers wait for a capture to ride with when none is queued. Forwarding
 * under load then writes no transaction of its own for them (a quarter of all transactions
 * did); idle, a line waits this much longer. The client has its answer already.
 */
const OUTCOME_WAIT_MS = 5;

const isFull = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === 'SQLITE_FULL';

export class GroupCommit {
  private pending: Pending[] = [];
  /** The app's answers to record, each with the resolver of its recordOutcome(). */
  private outcomes: Array<Outcome & { written: () => void }> = [];
  private flushQueued = false;
  private outcomeTimer: NodeJS.Timeout | undefined;
  private recent: RecentStatuses;

  /** Captures in the store, counted once at start and kept up to date (a count(*) a commit would cost). */
  private stored: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly reports: CommitReports,
    private readonly retention: Retention = { mode: 'refuse' },
    private readonly secrets: Readonly<Record<string, string>> = {},
  ) {
    this.recent = new RecentStatuses(store);
  }

  /**
   * Writes a batch under the retention rule. rotate: past --max-captures the oldest go first, and
   * a full store deletes the oldest (a growing share each time) and tries again, so a capped store
   * keeps the newest callbacks and a gateway never sees a 500 for lack of room.
   */
  private write(batch: Pending[], outcomes: readonly Outcome[]): CaptureRecord[] {
    const { mode, maxCaptures } = this.retention;
    if (maxCaptures !== undefined) {
      this.stored ??= this.store.count();
      const over = this.stored + batch.length - maxCaptures;
      if (over > 0) {
        if (mode === 'refuse') throw Object.assign(new Error(`at --max-captures ${maxCaptures}`), { code: 'SQLITE_FULL', limit: '--max-captures' });
        this.noteRotated(this.store.deleteOldest(over));
      }
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const records = this.store.insertBatch(batch, outcomes);
        if (this.stored !== null) this.stored += records.length;
        return records;
      } catch (e) {
        if (mode !== 'rotate' || !isFull(e) || attempt >= 8) throw e;
        const deleted = this.store.deleteOldest(Math.max(batch.length, 8) * 2 ** attempt);
        if (deleted === 0) throw e;
        this.noteRotated(deleted);
      }
    }
  }

  private lastRotation = -Infinity;
  private streak = 0;

  private noteRotated(deleted: number): void {
    if (deleted === 0) return;
    if (this.stored !== null) this.stored -= deleted;
    const now = Date.now();
    const first = now - this.lastRotation >= ROTATION_STREAK_MS;
    this.lastRotation = now;
    this.streak = (first ? 0 : this.streak) + deleted;
    const text = `the store ${this.store.file} is full: ${this.streak} oldest capture${this.streak === 1 ? '' : 's'} deleted to keep the newest (--retention rotate)`;
    this.reports.rotated?.({ deleted, streak: this.streak, first, text });
  }

  /**
   * Queues a capture with what inspecting it found (server.ts); its indexed events, flags and
   * filter facts are worked out here, where the batch is written. `done` gets the record, its
   * events' flags and the secrets its views mask.
   */
  add(capture: NewCapture, inspection: Inspection, done: CommitDone): void {
    const provider = inspection.provider?.id;
    const replay = capture.replayOf !== null && capture.replayOf !== undefined;
    // A replay is the user re-sending, not the provider reporting: it joins no timeline and
    // flags nothing (view.ts agrees); its record links the original instead.
    const events = provider && !replay ? indexable(inspection.decoded).map((e) => ({ provider, messageId: e.messageId, code: e.code, part: e.part })) : [];
    let flagged: Flag[][] = [];
    // Once for the stored facts and the view: until a relay adds the app's URL, they mask the same.
    let masked: string[] | null = null;
    const secretsFor = (r: CaptureRecord): string[] => (masked ??= secretsOf(r, inspection, this.secrets));
    this.enqueue({
      capture,
      events,
      flags: (codesOf) => (flagged = replay ? [] : flagEvents(codesOf, inspection.provider, inspection.decoded)),
      facts: (r) => storedFactsOf(r, inspection, flagged, this.secrets, secretsFor(r)),
      done: (r, flags) => done(r, flags, masked),
    });
  }

  /** Queues a capture; `done` runs after the commit that holds it (or with the error that failed it). */
  enqueue(item: Pending): void {
    this.pending.push(item);
    this.queueFlush();
  }

  /** Resolves once the app's answer to a capture is written, so a 'capture' event never shows an unrecorded answer. */
  recordOutcome(seq: number, answer: RawResponse | null, forward: ForwardResult | null): Promise<void> {
    return new Promise((written) => {
      this.outcomes.push({ seq, answer, forward, written });
      if (!this.flushQueued) this.outcomeTimer ??= setTimeout(() => this.flush(), OUTCOME_WAIT_MS);
    });
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    clearTimeout(this.outcomeTimer);
    this.outcomeTimer = undefined;
    const batch = this.pending;
    const outcomes = this.outcomes;
    this.pending = [];
    this.outcomes = [];
    if (!batch.length && !outcomes.length) return;
    // Another process emptied the store (`clear`) or wrote to it: what the cache remembers may be
    // gone, and its statuses would flag the next callback of a cleared message a duplicate.
    if (this.store.changedElsewhere()) {
      this.recent = new RecentStatuses(this.store);
      this.stored = null;
    }
    let flags: Flag[][][] = [];
    let records: CaptureRecord[] | Error = [];
    try {
      // Flag in arrival order, each against the statuses before it, then write them all at once.
      // The messages first seen in this batch are looked up in one query first.
      this.recent.prefetch(batch.flatMap((b) => b.events));
      flags = batch.map((b) => {
        const f = b.flags(this.recent.codesOf);
        this.recent.add(b.events);
        return f;
      });
      if (batch.length) records = this.write(batch, outcomes);
      else this.store.setOutcomes(outcomes);
    } catch (e) {
      records = e instanceof Error ? e : new Error(String(e));
      // The cache now holds statuses that were never stored: start it afresh from the store.
      this.recent = new RecentStatuses(this.store);
    }
    if (outcomes.length) {
      // With captures in the same transaction, the store's own line says it is failing.
      if (records instanceof Error && !batch.length) this.reports.outcomesFailed(records, outcomes.length);
      for (const o of outcomes) o.written();
    }
    if (!batch.length) return;
    if (records instanceof Error) this.reports.failed(records, batch.length);
    else this.reports.committed(batch.length);
    batch.forEach((b, i) => b.done(records instanceof Error ? records : records[i]!, flags[i] ?? []));
  }
}
