import type Database from 'better-sqlite3';

/**
 * Schema history; PRAGMA user_version holds how many have run. Append, never edit: a store
 * written by an older webhook-kit is brought forward when a writing command opens it.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE captures (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     received_at INTEGER NOT NULL,
     method TEXT NOT NULL,
     url TEXT NOT NULL,
     headers TEXT NOT NULL,
     remote TEXT NOT NULL,
     body BLOB NOT NULL,
     size INTEGER,
     truncated INTEGER NOT NULL DEFAULT 0,
     answer_status INTEGER,
     answer_headers TEXT,
     answer_body BLOB,
     replay_of TEXT,
     forward TEXT
   );
   CREATE INDEX captures_received_at ON captures(received_at);`,
  // v2: one row per decoded status event, so a message's timeline is an index lookup.
  // Captures stored under v1 are not back-filled (decoding lives in code, not SQL).
  `CREATE TABLE capture_events (
     capture_seq INTEGER NOT NULL,
     provider TEXT NOT NULL,
     message_id TEXT NOT NULL,
     code TEXT NOT NULL
   );
   CREATE INDEX capture_events_message ON capture_events(provider, message_id, capture_seq);
   CREATE INDEX capture_events_capture ON capture_events(capture_seq);`,
  // v3: ids are derived from seq (capture-id.ts), so the random-key UNIQUE index on id goes:
  // it doubled the cost of every insert. Ids written before v3 keep working (looked up by scan).
  `CREATE TABLE captures_v3 (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     method TEXT NOT NULL,
     url TEXT NOT NULL,
     headers TEXT NOT NULL,
     remote TEXT NOT NULL,
     body BLOB NOT NULL,
     size INTEGER,
     truncated INTEGER NOT NULL DEFAULT 0,
     answer_status INTEGER,
     answer_headers TEXT,
     answer_body BLOB,
     replay_of TEXT,
     forward TEXT
   );
   INSERT INTO captures_v3 SELECT * FROM captures;
   DROP TABLE captures;
   ALTER TABLE captures_v3 RENAME TO captures;
   CREATE INDEX captures_received_at ON captures(received_at);`,
  // v4: no query reads by received_at or looks events up by capture (lists page by seq, timelines
  // by message): the two indexes only cost every insert (about 40% of its SQLite time).
  `DROP INDEX IF EXISTS captures_received_at;
   DROP INDEX IF EXISTS capture_events_capture;`,
  // v5: a random id offset per store (capture-id.ts), so two stores (or a store deleted and made
  // again) do not hand out the same ids. 268435455 is MAX_ID_OFFSET. Rows stored before keep their ids.
  `CREATE TABLE store_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
   INSERT INTO store_meta VALUES ('id_offset', random() & 268435455);`,
  // v6: what the gateway called (public_url, listen --tunnel/--public-url), and each capture's
  // filter facts (store-filter.ts), written by the same INSERT, so list/export filters are a scan
  // in SQLite instead of a decode per capture. No index: a scan of 100k rows takes tens of ms, an
  // index costs every insert (v4). Words that recur (the facts' key, status meanings) are stored
  // once in fact_texts. Rows stored before have NULL facts and are decoded.
  `ALTER TABLE captures ADD COLUMN public_url TEXT;
   ALTER TABLE captures ADD COLUMN facts_key INTEGER;
   ALTER TABLE captures ADD COLUMN f_provider TEXT;
   ALTER TABLE captures ADD COLUMN f_event TEXT;
   ALTER TABLE captures ADD COLUMN f_outcome TEXT;
   ALTER TABLE captures ADD COLUMN f_message_id TEXT;
   ALTER TABLE captures ADD COLUMN f_phone TEXT;
   ALTER TABLE captures ADD COLUMN f_signature TEXT;
   ALTER TABLE captures ADD COLUMN f_flag TEXT;
   ALTER TABLE captures ADD COLUMN f_head TEXT;
   ALTER TABLE captures ADD COLUMN f_meaning;
   ALTER TABLE captures ADD COLUMN f_body TEXT;
   CREATE TABLE fact_texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL);`,
  // v7: which report of a per-part status an event is (DecodedEvent.part), so a re-sent report of
  // one part is a duplicate and another part is not. The one such status so far, SMS Gateway for
  // Android's sms:delivered, takes its part from the stored body's envelope id (smsgate/decode.ts
  // does the same), so reports stored before are known too; a body that is not JSON keeps NULL.
  `ALTER TABLE capture_events ADD COLUMN part TEXT;
   UPDATE capture_events SET part = (
     SELECT CASE WHEN json_valid(CAST(c.body AS TEXT)) THEN CAST(json_extract(CAST(c.body AS TEXT), '$.id') AS TEXT) END
     FROM captures c WHERE c.seq = capture_events.capture_seq)
   WHERE provider = 'smsgate' AND code = 'sms:delivered';`,
];

/** Whether `table` has `column` (a read-only open of an older store lacks what later migrations add). */
export function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]).includes(column);
}

/** The store's id offset (v5); 0 for a store from before it (read-only opens do not migrate). */
export function idOffsetOf(db: Database.Database): number {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'").get() !== undefined;
  const v = hasMeta ? db.prepare("SELECT value FROM store_meta WHERE name = 'id_offset'").pluck().get() : undefined;
  return typeof v === 'number' ? v : 0;
}

/**
 * PRAGMA application_id of a webhook-kit store ("WHKT"), set when a store is created (and on
 * the first writable open of a store from before it was), so another program's SQLite file is
 * never taken for ours.
 */
export const APPLICATION_ID = 0x57484b54;

/**
 * Read-only opens read stores of this schema as they are (v2 and v3 read like v4; v2 to v5 have
 * no public_url or facts: their rows are decoded to filter them); older ones need `listen` once.
 */
export const MIN_READABLE_VERSION = 2;

const CAPTURES_V1 = 'seq id received_at method url headers remote body size truncated answer_status answer_headers answer_body replay_of forward';
/** The columns migration v6 adds to captures. */
export const V6_COLUMNS = 'public_url facts_key f_provider f_event f_outcome f_message_id f_phone f_signature f_flag f_head f_meaning f_body';

const COLUMNS: Readonly<Record<string, string>> = {
  captures: CAPTURES_V1,
  capture_events: 'capture_seq provider message_id code',
  store_meta: 'name value',
  fact_texts: 'id text',
};

/** What a SQLite file holds, as far as webhook-kit is concerned. */
export type SchemaState =
  | { kind: 'empty' }
  | { kind: 'ours'; version: number; stamped: boolean }
  | { kind: 'newer'; version: number; stamped: boolean }
  | { kind: 'foreign'; why: string };

/**
 * Recognises a store by its application_id, or (stores written before it was set) by its
 * tables and columns matching its user_version. Reads only.
 */
export function schemaState(db: Database.Database): SchemaState {
  const version = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId === APPLICATION_ID) return version > MIGRATIONS.length ? { kind: 'newer', version, stamped: true } : { kind: 'ours', version, stamped: true };
  if (appId !== 0) return { kind: 'foreign', why: `application_id ${appId}, not webhook-kit's` };
  const objects = db.prepare("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  if (version === 0 && objects.length === 0) return { kind: 'empty' };
  // A store from a newer webhook-kit has its application_id set: this may be another program's file.
  if (version > MIGRATIONS.length) return { kind: 'newer', version, stamped: false };
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]).join(' ');
  const expected = version >= 6 ? 'capture_events captures fact_texts store_meta' : version >= 5 ? 'capture_events captures store_meta' : version >= 2 ? 'capture_events captures' : version === 1 ? 'captures' : '';
  if (version === 0 || tables !== expected) return { kind: 'foreign', why: `tables ${tables.replaceAll(' ', ', ') || 'none'}, user_version ${version}` };
  for (const table of expected.split(' ')) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).join(' ');
    const want = table === 'captures' && version >= 6 ? `${CAPTURES_V1} ${V6_COLUMNS}` : table === 'capture_events' && version >= 7 ? `${COLUMNS[table]} part` : COLUMNS[table];
    if (columns !== want) return { kind: 'foreign', why: `table ${table} has columns ${columns.replaceAll(' ', ', ')}` };
  }
  return { kind: 'ours', version, stamped: false };
}
