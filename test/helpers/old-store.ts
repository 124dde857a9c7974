import Database from 'better-sqlite3';
import { APPLICATION_ID, MIGRATIONS } from '../../src/capture/migrations.js';

/**
 * A store as an earlier webhook-kit wrote it at schema `version` (test/capture/store-v6.test.ts,
 * store-v7.test.ts): its migrations up to there, stamped as ours, then `fill` writes the rows
 * that version wrote.
 */
export function storeAtVersion(file: string, version: number, fill: (db: Database.Database) => void): string {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    for (const m of MIGRATIONS.slice(0, version)) db.exec(m);
    db.pragma(`user_version = ${version}`);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    fill(db);
  } finally {
    db.close();
  }
  return file;
}

/** Reads a store file with plain SQLite (not as a store, so nothing is migrated). */
function readRaw<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The columns of `table` in the store at `file`. */
export const columnsOf = (file: string, table: string): string[] => readRaw(file, (db) => db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]);

/** The store's schema version (PRAGMA user_version). */
export const schemaVersion = (file: string): number => readRaw(file, (db) => db.pragma('user_version', { simple: true }) as number);
