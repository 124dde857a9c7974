import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { KitError } from '../core/errors.js';
import { createFolders } from '../core/folders.js';
import { APPLICATION_ID, MIGRATIONS, MIN_READABLE_VERSION, schemaState } from './migrations.js';
import { damaged, noStoreYet, storeFailure } from './store-errors.js';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The first `n` bytes of a file, or null when it cannot be read (missing: SQLite creates it). */
function leadingBytes(file: string, n: number): Buffer | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** How to open a store. */
export interface StoreOpenOptions {
  /** Read only (list, show, export): never creates, migrates or writes anything. Implies mustExist. */
  readonly?: boolean;
  /** Refuse a missing file (a KitError, exit 3) instead of creating it and its folders. */
  mustExist?: boolean;
}

/**
 * Opens a store: creates it (and its folders) unless `mustExist` or `readonly`, and migrates it
 * forward unless `readonly`. A file that is not recognisably a webhook-kit store is refused,
 * never written to.
 */
export function openDatabase(file: string, opts: StoreOpenOptions = {}): Database.Database {
  const readonly = opts.readonly ?? false;
  const mustExist = readonly || (opts.mustExist ?? false);
  if (mustExist && !existsSync(file)) throw new KitError('E_STORE', noStoreYet(file));
  // SQLite says only "disk I/O error" or "unable to open database file" for a folder.
  if (existsSync(file) && statSync(file).isDirectory()) throw new KitError('E_STORE', `the store ${file} is a folder, not a file; pass --store ${file.replace(/\/+$/, '')}/captures.db`);
  // SQLite takes a file shorter than its header for an empty database and would write into it.
  const head = leadingBytes(file, SQLITE_MAGIC.length);
  if (head && head.length > 0 && !head.equals(SQLITE_MAGIC)) {
    throw new KitError('E_STORE', damaged(file, 'no SQLite header'));
  }
  if (!mustExist) {
    try {
      createFolders(dirname(file));
    } catch (e) {
      const { code, path } = e as NodeJS.ErrnoException;
      throw new KitError('E_STORE', `cannot create the folder ${path ?? dirname(file)} for the store ${file} (${code ?? (e as Error).message}); pass --store <file> in a writable folder or set WEBHOOK_KIT_HOME`, { cause: e });
    }
  }
  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: mustExist });
    db.pragma('busy_timeout = 5000');
  } catch (e) {
    const fix = readonly ? "check the file's permissions or pass --store <file>" : 'pass --store <file> in a writable folder or set WEBHOOK_KIT_HOME';
    throw new KitError('E_STORE', `cannot open the store ${file}: ${(e as Error).message}; ${fix}`, { cause: e });
  }
  try {
    const state = schemaState(db);
    if (state.kind === 'foreign') throw new KitError('E_STORE', damaged(file, state.why));
    if (state.kind === 'newer') {
      const maybe = state.stamped ? '' : ' or by another program';
      throw new KitError('E_STORE', `the store ${file} was written by a newer webhook-kit (schema ${state.version})${maybe}; upgrade webhook-kit${maybe && ', or point --store at another file'}`);
    }
    const version = state.kind === 'ours' ? state.version : 0;
    if (readonly) {
      if (version === 0) throw new KitError('E_STORE', noStoreYet(file));
      if (version < MIN_READABLE_VERSION) throw new KitError('E_STORE', `the store ${file} needs a schema upgrade; run \`webhook-kit listen --store ${file}\` on it once`);
    } else {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a commit is in the WAL before insert() returns, so it survives
      // a crash of this process; only an OS crash or power loss can drop the last commits.
      db.pragma('synchronous = NORMAL');
      migrate(db, version, state.kind === 'ours' && state.stamped);
    }
  } catch (e) {
    db.close();
    throw storeFailure(e, file);
  }
  return db;
}

function migrate(db: Database.Database, version: number, stamped: boolean): void {
  if (version === MIGRATIONS.length) {
    if (!stamped) db.pragma(`application_id = ${APPLICATION_ID}`);
    return;
  }
  const from = db.transaction(() => {
    // Read again under the write lock: another process may have migrated it meanwhile.
    const current = db.pragma('user_version', { simple: true }) as number;
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    return current;
  }).immediate();
  // A new store replays the whole history, indexes created then dropped included: compact
  // the pages they left (free pages would otherwise let a store capped at its size still grow).
  if (from === 0) db.exec('VACUUM');
}

