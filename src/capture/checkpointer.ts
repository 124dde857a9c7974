import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * Runs in a worker thread: copies the WAL back into the database file (PASSIVE checkpoints)
 * on its own connection, so the fsyncs a checkpoint needs never stall the capture server.
 * The owner terminates the thread when it closes the store.
 */
const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file);
db.pragma('busy_timeout = 1000');
// Under steady load a PASSIVE checkpoint rarely catches up, and only a caught-up WAL is
// restarted from its beginning: past this many frames (~32 MB) one RESTART briefly holds writers.
const MAX_WAL_FRAMES = 8_192;
setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
    if (r && r.log > MAX_WAL_FRAMES) db.pragma('wal_checkpoint(RESTART)');
  } catch {
    // Busy or locked: the next tick tries again.
  }
}, intervalMs);
