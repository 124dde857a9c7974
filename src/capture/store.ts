import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { KitError } from '../core/errors.js';
import { safePreview } from '../core/safe-text.js';
import { captureIdFor, isIdLike, seqForId } from './capture-id.js';
import { hasColumn, idOffsetOf, V6_COLUMNS } from './migrations.js';
import { storeFailure } from './store-errors.js';
import { openDatabase, type StoreOpenOptions } from './store-open.js';
import { FactTexts, factValues, FACT_COLUMNS, filterWhere } from './store-filter.js';
import { fromRow, recordOf, rowColumns, type Row } from './store-rows.js';
import { emptyFilter, type Filter } from './filter.js';
import type { CaptureRecord, IndexedEvent, IndexedStatusRow, InsertItem, NewCapture, Outcome, StatusReport } from './store-types.js';
import { secretsToMask } from '../core/redact.js';
import { workerUrl } from './worker-url.js';
import { StatusQueries } from './store-statuses.js';

export type { StoreOpenOptions } from './store-open.js';
export type { CaptureRecord, IndexedEvent, IndexedStatusRow, InsertItem, NewCapture, Outcome, StatusReport } from './store-types.js';

/** Runs `fn` on the store, opened read-only unless `opts` says otherwise; SQLite failures become one line. */
export function withStore<T>(path: string, fn: (store: Store) => T, opts: StoreOpenOptions = { readonly: true }): T {
  const store = Store.open(path, opts);
  try {
    return fn(store);
  } catch (e) {
    throw storeFailure(e, path);
  } finally {
    store.close();
  }
}

/** The SQLite capture store (WAL: one writer, any number of readers in other processes). */
export class Store {
  private constructor(readonly file: string, private readonly db: Database.Database) {}

  /** This store's random id offset (capture-id.ts, migrations.ts v5), so ids differ between stores. */
  get idOffset(): number { return (this.offset ??= idOffsetOf(this.db)); }
  private offset: number | undefined;

  /** Whether the store has schema v6's columns (public_url, the filter facts); a read-only open of an older store has not. */
  get hasV6(): boolean { return (this.v6 ??= hasColumn(this.db, 'captures', V6_COLUMNS.split(' ')[0]!)); }
  private v6: boolean | undefined;
  private get texts(): FactTexts { return (this.factTexts ??= new FactTexts(this.db)); }
  private factTexts: FactTexts | undefined;
  private get columns(): string { return (this.cols ??= rowColumns(this.hasV6)); }
  private cols: string | undefined;

  /** Whether another connection committed since this one last asked (PRAGMA data_version): `clear` or `replay` in another shell. */
  changedElsewhere(): boolean {
    const v = (this.versionStmt ??= this.db.prepare('PRAGMA data_version').pluck()).get() as number;
    const changed = this.dataVersion !== undefined && v !== this.dataVersion;
    this.dataVersion = v;
    return changed;
  }
  private versionStmt: Database.Statement | undefined;
  private dataVersion: number | undefined;

  /**
   * Opens a store: creates it (and its folders) unless `mustExist` or `readonly`, and migrates it
   * forward unless `readonly` (see store-open.ts). A file that is not recognisably a webhook-kit
   * store is refused, never written to.
   */
  static open(file: string, opts: StoreOpenOptions = {}): Store {
    return new Store(file, openDatabase(file, opts));
  }

  private readonly insertStmt = (): Database.Statement => {
    this.cachedInsert ??= this.db.prepare(
      `INSERT INTO captures (seq, id, received_at, method, url, headers, remote, body, size, truncated,
         answer_status, answer_headers, answer_body, replay_of, forward, public_url, ${FACT_COLUMNS.join(', ')})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${FACT_COLUMNS.map(() => '?').join(', ')})`,
    );
    return this.cachedInsert;
  };
  private cachedInsert: Database.Statement | undefined;

  private readonly eventStmt = (): Database.Statement => {
    this.cachedEvent ??= this.db.prepare('INSERT INTO capture_events (capture_seq, provider, message_id, code, part) VALUES (?, ?, ?, ?, ?)');
    return this.cachedEvent;
  };
  private cachedEvent: Database.Statement | undefined;

  /** The latest `limit` indexed statuses of a message before capture `beforeSeq`, oldest first. */
  statusesOf(provider: string, messageId: string, opts: { beforeSeq?: number; limit?: number } = {}): IndexedStatusRow[] {
    return this.statuses.statusesOf(provider, messageId, opts);
  }

  /** Just the status codes (and parts) of a message's latest `limit` statuses before `beforeSeq`, oldest first. */
  codesOf(provider: string, messageId: string, beforeSeq: number, limit: number): StatusReport[] {
    return this.statuses.codesOf(provider, messageId, beforeSeq, limit);
  }

  /** codesOf() for many messages of one provider, in one query (store-statuses.ts). */
  latestCodes(provider: string, messageIds: readonly string[], limit: number): Map<string, StatusReport[]> {
    return this.statuses.latestCodes(provider, messageIds, limit);
  }
  private get statuses(): StatusQueries { return (this.statusQueries ??= new StatusQueries(this.db)); }
  private statusQueries: StatusQueries | undefined;


  /** A capture by its sequence number. */
  bySeq(seq: number): CaptureRecord | undefined {
    const row = this.db.prepare(`SELECT ${this.columns} FROM captures WHERE seq = ?`).get(seq) as Row | undefined;
    return row && fromRow(row);
  }

  /**
   * Writes a capture and its indexed status events in one transaction, durable (committed to
   * the WAL) when this returns. Throws on failure.
   */
  insert(c: NewCapture, events: readonly IndexedEvent[] = [], facts?: InsertItem['facts']): CaptureRecord {
    return this.insertBatch([{ capture: c, events, facts }])[0]!;
  }

  /**
   * Writes several captures in ONE transaction (a group commit): all are durable when this
   * returns, or none is and it throws. One commit costs far more than one row here.
   */
  insertBatch(items: readonly InsertItem[], outcomes: readonly Outcome[] = []): CaptureRecord[] {
    this.lastSeqStmt ??= this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'captures'").pluck();
    // IMMEDIATE: the write lock is taken before the last seq is read, so no other writer
    // (a `replay` in another process) can take the same numbers.
    this.batchTx ??= this.db.transaction((batch: typeof items, done: readonly Outcome[]) => {
      for (const o of done) this.updateOutcome(o);
      let seq = ((this.lastSeqStmt!.get() as number | undefined) ?? 0) + 1;
      return batch.map((b) => this.insertOne(seq++, b));
    });
    try {
      return this.batchTx.immediate(items, outcomes) as CaptureRecord[];
    } catch (e) {
      this.texts.forget();
      throw e;
    }
  }

  private batchTx: Database.Transaction | undefined;
  private lastSeqStmt: Database.Statement | undefined;

  private insertOne(seq: number, item: InsertItem): CaptureRecord {
    const { capture: c, events } = item;
    const id = captureIdFor(seq, this.idOffset);
    const record = recordOf(seq, id, c);
    this.insertStmt().run(
      seq,
      id,
      c.receivedAt,
      c.method,
      c.url,
      JSON.stringify(c.headers),
      c.remote,
      c.body,
      c.size,
      c.truncated ? 1 : 0,
      c.answer?.status ?? null,
      c.answer ? JSON.stringify(c.answer.headers) : null,
      c.answer?.body ?? null,
      c.replayOf ?? null,
      c.forward === undefined || c.forward === null ? null : JSON.stringify(c.forward),
      record.publicUrl,
      ...factValues(item.facts?.(record), this.texts.id),
    );
    for (const e of events) this.eventStmt().run(seq, e.provider, e.messageId, e.code, e.part ?? null);
    return record;
  }

  /** Records the answers sent for captures and what the user's app said (forwarding), in one transaction. */
  setOutcomes(items: readonly Outcome[]): void {
    this.db.transaction(() => {
      for (const o of items) this.updateOutcome(o);
    })();
  }

  private updateOutcome(o: Outcome): void {
    // Every view of a capture relayed to a URL with a password masks it too (view.ts secretsOf):
    // facts stored before knowing it are no longer what a reader computes, so they are dropped.
    this.outcomeStmt ??= this.db.prepare(
      'UPDATE captures SET answer_status = ?, answer_headers = ?, answer_body = ?, forward = ?, facts_key = CASE WHEN ? THEN NULL ELSE facts_key END WHERE seq = ?',
    );
    const { answer: a, forward: f } = o;
    const untrust = f !== null && secretsToMask({ urls: [f.url] }).length > 0 ? 1 : 0;
    this.outcomeStmt.run(a?.status ?? null, a ? JSON.stringify(a.headers) : null, a?.body ?? null, f ? JSON.stringify(f) : null, untrust, o.seq);
  }
  private outcomeStmt: Database.Statement | undefined;

  /** A capture by id or unique id prefix; a KitError names the problem otherwise. */
  get(idOrPrefix: string): CaptureRecord {
    const key = idOrPrefix.trim().toLowerCase();
    if (!isIdLike(key)) {
      const tooShort = key.length < 3 && isIdLike(`${key}222`);
      throw new KitError('E_BAD_ID', tooShort ? `"${key}" is too short to name a capture: type at least 3 characters of its id (see \`webhook-kit list\`)` : `"${safePreview(idOrPrefix, 40)}" is not a capture id; ids look like k7m2qx (see \`webhook-kit list\`)`);
    }
    // A whole id names its row directly; prefixes (and ids from before schema v3) are searched.
    const seq = seqForId(key, this.idOffset);
    const direct = seq === null ? undefined : this.bySeq(seq);
    if (direct?.id === key) return direct;
    const rows = this.db
      .prepare(`SELECT ${this.columns} FROM captures WHERE id >= ? AND id < ? || '~' ORDER BY seq LIMIT 2`)
      .all(key, key) as Row[];
    if (rows.length === 0) throw new KitError('E_BAD_ID', `no capture with id ${key} in ${this.file}; see \`webhook-kit list\``);
    if (rows.length > 1 && rows[0]!.id !== key) {
      throw new KitError('E_BAD_ID', `id prefix ${key} matches several captures; type more of the id`);
    }
    return fromRow(rows.find((r) => r.id === key) ?? rows[0]!);
  }

  /** Newest first; `beforeSeq` pages backwards. */
  list(opts: { limit?: number; beforeSeq?: number } = {}): CaptureRecord[] {
    const rows = this.db
      .prepare(`SELECT ${this.columns} FROM captures WHERE seq < ? ORDER BY seq DESC LIMIT ?`)
      .all(opts.beforeSeq ?? Number.MAX_SAFE_INTEGER, opts.limit ?? -1) as Row[];
    return rows.map(fromRow);
  }

  /**
   * Oldest first (or newest first, before `beforeSeq`); iterates without loading everything at
   * once. With `filter`, only the rows it may match (store-filter.ts filterWhere: asked of SQLite
   * for rows whose facts were stored under `factsKey`): the caller still judges each with matches().
   */
  *iterate(opts: { newestFirst?: boolean; beforeSeq?: number; filter?: Filter; factsKey?: string } = {}): Generator<CaptureRecord> {
    // A key no capture was stored under trusts no row: every row is then handed over to be decoded.
    const where = filterWhere(opts.filter ?? emptyFilter(), this.hasV6 && opts.factsKey !== undefined ? this.texts.find(opts.factsKey) : null);
    const sql = `SELECT ${this.columns} FROM captures WHERE seq < ? AND ${where.sql} ORDER BY seq ${opts.newestFirst ? 'DESC' : 'ASC'}`;
    for (const row of this.db.prepare(sql).iterate(opts.beforeSeq ?? Number.MAX_SAFE_INTEGER, ...where.params) as Iterable<Row>) {
      yield fromRow(row);
    }
  }

  count = (): number => (this.db.prepare('SELECT count(*) AS n FROM captures').get() as { n: number }).n;

  /** Deletes every capture and returns how many there were. */
  clear(): number {
    const n = this.db.transaction(() => {
      this.db.prepare('DELETE FROM capture_events').run();
      return this.db.prepare('DELETE FROM captures').run().changes;
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    return n;
  }

  /** Deletes the `n` oldest captures and their indexed events in one transaction; returns how many went. */
  deleteOldest(n: number): number {
    this.deleteOldestTx ??= this.db.transaction((k: number) => {
      const upTo = this.db.prepare('SELECT seq FROM captures ORDER BY seq LIMIT 1 OFFSET ?').pluck().get(k - 1) as number | undefined;
      const last = upTo ?? (this.db.prepare('SELECT max(seq) FROM captures').pluck().get() as number | null) ?? 0;
      this.db.prepare('DELETE FROM capture_events WHERE capture_seq <= ?').run(last);
      return this.db.prepare('DELETE FROM captures WHERE seq <= ?').run(last).changes;
    });
    return n < 1 ? 0 : (this.deleteOldestTx(n) as number);
  }
  private deleteOldestTx: Database.Transaction | undefined;

  /** Caps the store file's size (SQLite max_page_count; never below its current size); true when the file is that large already. */
  limitSize(bytes: number): boolean {
    const pages = Math.max(1, Math.ceil(bytes / (this.db.pragma('page_size', { simple: true }) as number)));
    // SQLite keeps max_page_count at the file's own size when asked for less: at or past the cap, it cannot grow.
    this.db.pragma(`max_page_count = ${pages}`);
    return (this.db.pragma('page_count', { simple: true }) as number) >= pages;
  }

  /** Runs PRAGMA integrity_check; "ok" when sound. */
  integrity(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  /**
   * Moves WAL checkpoints to a worker thread (listen's hot path then never waits for their
   * fsyncs). Falls back to SQLite's automatic checkpoints when a worker cannot start.
   */
  checkpointInBackground(intervalMs = 1000): void {
    try {
      const worker = new Worker(workerUrl('checkpointer'), { workerData: { file: this.file, intervalMs } });
      worker.unref();
      worker.on('error', () => this.db.open && this.db.pragma('wal_autocheckpoint = 1000'));
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = worker;
    } catch {
      this.checkpointer = undefined;
    }
  }
  private checkpointer: Worker | undefined;

  close(): void {
    if (this.checkpointer) {
      void this.checkpointer.terminate();
      this.checkpointer = undefined;
      // The writer leaves a short WAL behind (skipped if a reader holds it: a later open does it).
      if (this.db.open) {
        try {
          this.db.pragma('busy_timeout = 100');
          this.db.pragma('wal_checkpoint(TRUNCATE)');
        } catch {
          // Busy: SQLite checkpoints on a later open.
        }
      }
    }
    if (this.db.open) this.db.close();
  }
}
