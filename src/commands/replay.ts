import { EXIT, isKitError, KitError } from '../core/errors.js';
import { safePreview, toSafeJson, toSafeText } from '../core/safe-text.js';
import { paintFor } from '../output/paint.js';
import { maskUrl, redactor } from '../core/redact.js';
import { inspect } from '../providers/inspect.js';
import { fieldHashOf, lossWarning, unknownStatusWarning } from '../providers/stale.js';
import type { RawRequest } from '../core/raw-request.js';
import { editInEditor } from '../capture/edit-fields.js';
import type { Io } from '../core/io.js';
import { replayCapture, type ReplayOptions } from '../capture/replay.js';
import { Store } from '../capture/store.js';
import { secretsOf } from '../capture/view.js';

/** `webhook-kit replay`: re-send a stored capture, print the answer and the provider's verdict. */
export async function runReplay(
  id: string,
  opts: ReplayOptions & { storePath: string; edit: boolean; json: boolean; secrets?: Readonly<Record<string, string>> },
  io: Io,
): Promise<number> {
  // A replay is stored beside its original, but a mistyped --store must not create a new store.
  const store = Store.open(opts.storePath, { mustExist: true });
  try {
    const original = store.get(id);
    // What the editor changed may include fields it added: those are meant, as with --add.
    const edited = opts.edit ? { ...(await editInEditor(original, io.env)), ...opts.add } : opts.add;
    const add = Object.fromEntries(Object.entries(edited ?? {}).filter(([k]) => !Object.hasOwn(opts.set ?? {}, k)));
    const set = opts.set;
    // Edited fields under a hash nobody signs again: say so before the receiver says BAD.
    const inspection = inspect(original);
    const provider = inspection.provider;
    const isEdited = Object.keys({ ...set, ...add }).length > 0;
    const stale = provider && isEdited && opts.resignWith === undefined ? fieldHashOf(provider, original) : null;
    // Once the edit is accepted: a refused field (--set stauts=1) was warned about as if it had been made.
    const edits = (request: RawRequest): void => {
      if (stale) io.stderr.write(`webhook-kit: warning: the edited fields are signed with ${stale}, so the replay's signature is now stale and the receiver will reject it; add --resign --secret <secret> to sign it again\n`);
      const unknown = provider && isEdited ? unknownStatusWarning(provider, original, request) : null;
      if (unknown) io.stderr.write(`${unknown}\n`);
    };
    const { stored, heard, result } = await replayCapture(store, original, { ...opts, set, add, onLoss: (lost, cs) => void io.stderr.write(`${lossWarning(lost, cs)}\n`), onBuilt: edits }).catch((e: unknown) => {
      throw isKitError(e) && e.code === 'E_UNREACHABLE' ? new KitError(e.code, `${e.message} (pass --to <url> to send elsewhere)`, { cause: e }) : e;
    });
    const ok = result.accepted === true;
    // The secrets show would mask (configured, and in clear in the original and in what was
    // sent: an edit may add one), and the --resign secret.
    const secrets = [...secretsOf(original, inspection, opts.secrets), ...secretsOf(stored, inspect(stored)), opts.resignWith ?? ''];
    const mask = redactor(secrets);
    const url = maskUrl(result.url, secrets);
    const answerText = stored.answer ? mask.text(stored.answer.body.toString('utf8')) : null;
    if (opts.json) {
      const line = { type: 'replay', id: stored.id, replayOf: original.id, url, status: result.status, latencyMs: result.latencyMs, body: answerText, verdict: result.verdict, accepted: result.accepted, error: result.error, storedBy: heard ? 'listener' : 'replay' };
      io.stdout.write(`${toSafeJson(mask.deep(line))}\n`);
    } else {
      const p = paintFor(io.stdout, io.env);
      const answer = stored.answer ? `${stored.answer.status} \`${safePreview(answerText!.trim(), 60)}\`` : p.red(toSafeText(mask.text(result.error ?? 'no answer')));
      io.stdout.write(`replayed ${original.id} → ${toSafeText(url)}: ${answer} (${Math.round(result.latencyMs)} ms), stored as ${p.bold(stored.id)}${heard ? ' (by the listener on this store)' : ''}\n`);
      io.stdout.write(`${ok ? p.green('✓') : p.red('✗')} ${toSafeText(mask.text(result.verdict))}\n`);
    }
    return ok ? EXIT.ok : EXIT.negative;
  } finally {
    store.close();
  }
}
