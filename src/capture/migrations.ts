/**
 * Schema history; PRAGMA user_version holds how many have run. Append, never edit: a store
 * written by an older webhook-kit is brought forward on open.
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
];
