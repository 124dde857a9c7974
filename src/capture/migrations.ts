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
];
