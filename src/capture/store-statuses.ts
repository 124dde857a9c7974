import type Database from 'better-sqlite3';
import { hasColumn } from './migrations.js';
import type { IndexedStatusRow, StatusReport } from './store-types.js';

/** Messages asked for in one statement. */
const CHUNK = 64;

/** The store's queries of indexed status events (capture_events), for correlation and timelines. */
export class StatusQueries {
  private readonly stmts = new Map<number, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** The events' part column (schema v7, `table` its alias), or NULL in a store from before it opened read-only (not migrated). */
  private part(table = ''): string {
    this.hasPart ??= hasColumn(this.db, 'capture_events', 'part');
    return this.hasPart ? `${table}part` : 'NULL';
  }
  private hasPart: boolean | undefined;

  statusesOf(provider: string, messageId: string, opts: { beforeSeq?: number; limit?: number } = {}): IndexedStatusRow[] {
    this.statusesStmt ??= this.db.prepare(
      `SELECT e.capture_seq AS captureSeq, e.code AS code, ${this.part('e.')} AS part, c.id AS captureId, c.received_at AS receivedAt
       FROM capture_events e JOIN captures c ON c.seq = e.capture_seq
       WHERE e.provider = ? AND e.message_id = ? AND e.capture_seq < ? ORDER BY e.capture_seq DESC LIMIT ?`,
    );
    const rows = this.statusesStmt.all(provider, messageId, opts.beforeSeq ?? Number.MAX_SAFE_INTEGER, opts.limit ?? -1) as IndexedStatusRow[];
    return rows.reverse();
  }
  private statusesStmt: Database.Statement | undefined;

  codesOf(provider: string, messageId: string, beforeSeq: number, limit: number): StatusReport[] {
    this.codesStmt ??= this.db.prepare(`SELECT code, ${this.part()} AS part FROM capture_events WHERE provider = ? AND message_id = ? AND capture_seq < ? ORDER BY capture_seq DESC LIMIT ?`);
    return (this.codesStmt.all(provider, messageId, beforeSeq, limit) as StatusReport[]).reverse();
  }
  private codesStmt: Database.Statement | undefined;

  /**
   * codesOf() for many messages of one provider in one query: each one's latest `limit` codes,
   * oldest first (none: absent). listen asks once for the messages a batch sees first
   * (correlate.ts RecentStatuses.prefetch): a statement a message cost ~8 µs, nearly all of it
   * the call, a third of a capture's work when every callback names a new message, as a gateway's do.
   */
  latestCodes(provider: string, messageIds: readonly string[], limit: number): Map<string, StatusReport[]> {
    const out = new Map<string, StatusReport[]>();
    for (let i = 0; i < messageIds.length; i += CHUNK) {
      const ids = messageIds.slice(i, i + CHUNK);
      // Two statement sizes, padded with NULL (which no message_id equals), not one per count.
      const size = ids.length <= 8 ? 8 : CHUNK;
      const params: Array<string | number | null> = [provider, ...ids];
      while (params.length < size + 1) params.push(null);
      params.push(limit);
      for (const [id, code, part] of this.statement(size).all(params) as Array<[string, string, string | null]>) {
        const codes = out.get(id);
        if (codes) codes.push({ code, part });
        else out.set(id, [{ code, part }]);
      }
    }
    return out;
  }

  private statement(size: number): Database.Statement {
    let stmt = this.stmts.get(size);
    if (!stmt) {
      stmt = this.db
        .prepare(
          `SELECT message_id, code, part FROM (SELECT message_id, code, ${this.part()} AS part, capture_seq, row_number() OVER (PARTITION BY message_id ORDER BY capture_seq DESC) AS n
           FROM capture_events WHERE provider = ? AND message_id IN (${Array(size).fill('?').join(', ')})) WHERE n <= ? ORDER BY capture_seq`,
        )
        .raw();
      this.stmts.set(size, stmt);
    }
    return stmt;
  }
}
