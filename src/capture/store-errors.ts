import Database from 'better-sqlite3';
import { KitError } from '../core/errors.js';

// The store's user-facing wording: each SQLite failure as one line naming the fix.

const reason = (e: Error): string => {
  const code = (e as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code}: ` : ''}${e.message.split('\n')[0]}`;
};
const isDamage = (code: unknown): boolean => typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
export const damaged = (file: string, why: string): string =>
  `the store ${file} is damaged or not a webhook-kit store (${why}); point --store at another file or move this one away`;
export const noStoreYet = (file: string): string => `no store at ${file} yet; run \`webhook-kit listen\` first, or pass --store <file>`;

/** One line for a failed capture write: what went wrong and what to do about it. */
export function describeStoreError(e: Error, file: string): string {
  const code = (e as { code?: unknown }).code;
  const why = reason(e);
  const what = 'callbacks are answered 500 and not stored until it writes again';
  // The fix names the cap hit: listen's own --max-captures (group-commit.ts; no SQLite code to show), or the disk and --max-store-size.
  if (code === 'SQLITE_FULL' && (e as { limit?: unknown }).limit === '--max-captures') return `the store ${file} is full (${e.message}): ${what}; raise --max-captures, pass --retention rotate to keep the newest, or run \`webhook-kit clear\``;
  if (code === 'SQLITE_FULL') return `the store ${file} is full (${why}): ${what}; free disk space, raise --max-store-size, pass --retention rotate to keep the newest, or run \`webhook-kit clear\``;
  if (isDamage(code)) return `the store ${file} is damaged (${why}): ${what}; point --store at another file or move this one away`;
  if (typeof code === 'string' && /^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code)) {
    return `the store ${file} is not writable (${why}): ${what}; check the file's permissions or pass --store <file>`;
  }
  return `the store ${file} failed to write (${why}): ${what}; check the disk, or pass --store <file>`;
}

/**
 * A one-line KitError for a SQLite failure on the store `file` (damaged, unreadable, locked),
 * or `e` unchanged when it is not one (a KitError already, or a bug).
 */
export function storeFailure(e: unknown, file: string): unknown {
  if (!(e instanceof Database.SqliteError)) return e;
  if (isDamage(e.code)) return new KitError('E_STORE', damaged(file, reason(e)), { cause: e });
  if (e.code === 'SQLITE_READONLY_DIRECTORY') {
    // A read-only connection to a WAL store still needs its -shm file, which SQLite creates beside it.
    return new KitError('E_STORE', `cannot read the store ${file}: SQLite needs to create ${file}-shm and its folder is not writable (${reason(e)}); run as the user who owns the store, or copy it to a writable folder and pass --store <copy>`, { cause: e });
  }
  if (/^SQLITE_(READONLY|PERM|AUTH)/.test(e.code)) {
    return new KitError('E_STORE', `the store ${file} is not writable (${reason(e)}); check the file's permissions or pass --store <file>`, { cause: e });
  }
  if (/^SQLITE_(CANTOPEN|IOERR|BUSY|LOCKED|FULL|NOMEM)/.test(e.code)) {
    return new KitError('E_STORE', `cannot use the store ${file} (${reason(e)}); check the file's permissions and the disk, or pass --store <file>`, { cause: e });
  }
  return e;
}

