import { EXIT } from '../core/errors.js';
import { safePreview, toSafeText } from '../core/safe-text.js';
import { paintFor } from '../output/paint.js';
import { editInEditor } from './edit-fields.js';
import type { Io } from './listen.js';
import { replayCapture, type ReplayOptions } from './replay.js';
import { Store } from './store.js';

/** `webhook-kit replay`: re-send a stored capture, print the answer and the provider's verdict. */
export async function runReplay(
  id: string,
  opts: ReplayOptions & { storePath: string; edit: boolean; json: boolean },
  io: Io,
): Promise<number> {
  const store = Store.open(opts.storePath);
  try {
    const original = store.get(id);
    const set = opts.edit ? { ...editInEditor(original, io.env), ...opts.set } : opts.set;
    const { stored, result } = await replayCapture(store, original, { ...opts, set });
    const ok = result.accepted === true;
    if (opts.json) {
      io.stdout.write(`${JSON.stringify({ type: 'replay', id: stored.id, replayOf: original.id, url: result.url, status: result.status, latencyMs: result.latencyMs, body: stored.answer?.body.toString('utf8') ?? null, verdict: result.verdict, accepted: result.accepted, error: result.error })}\n`);
    } else {
      const p = paintFor(io.stdout, io.env);
      const answer = stored.answer ? `${stored.answer.status} \`${safePreview(stored.answer.body.toString('utf8').trim(), 60)}\`` : p.red(toSafeText(result.error ?? 'no answer'));
      io.stdout.write(`replayed ${original.id} → ${toSafeText(result.url)}: ${answer} (${Math.round(result.latencyMs)} ms), stored as ${p.bold(stored.id)}\n`);
      io.stdout.write(`${ok ? p.green('✓') : p.red('✗')} ${toSafeText(result.verdict)}\n`);
    }
    return ok ? EXIT.ok : EXIT.negative;
  } finally {
    store.close();
  }
}
