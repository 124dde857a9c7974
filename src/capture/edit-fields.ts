import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBody } from '../core/body.js';
import { KitError } from '../core/errors.js';
import { isRecord } from '../core/json-fields.js';
import type { RawRequest } from '../core/raw-request.js';

/** The editable fields of a body: form pairs or a flat JSON object, as strings. */
export function editableFields(req: RawRequest): Record<string, string> {
  const body = parseBody(req);
  if (body.kind === 'form' && body.pairs) return Object.fromEntries(body.pairs);
  // A one-item batch (Webcom Mobi's usual status) edits as its item: --set applies to every item.
  const fields = body.kind === 'json' && Array.isArray(body.fields) && body.fields.length === 1 ? body.fields[0] : body.fields;
  if (body.kind === 'json' && isRecord(fields)) {
    return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  const what = body.kind === 'json' && Array.isArray(body.fields) ? `a JSON batch of ${body.fields.length} items` : `${{ empty: 'an empty', xml: 'an XML', text: 'a plain-text', binary: 'a binary', form: 'a form', json: 'a JSON' }[body.kind]} body`;
  throw new KitError('E_USAGE', `--edit works on form bodies, JSON objects and one-item JSON batches; this is ${what}: use --set field=value (in a batch, every item gets it)`);
}

/** The fields whose value changed (or were added), as --set overrides. Pure. */
export function changedFields(before: Record<string, string>, after: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(after)) {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    if (before[k] !== text) out[k] = text;
  }
  return out;
}

interface EditorExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** A signal this process got while the editor was open. */
  interrupted: NodeJS.Signals | null;
}

const STOPS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs the editor on `file` and waits for it, staying alive through a signal meanwhile: the
 * signal is passed to the editor (a terminal's Ctrl-C reaches both, a `kill` only us; a second
 * one kills it), and the caller removes the file once the editor is gone. Dying at once, as
 * Node does by default, left the file with its secrets behind (issue #19).
 */
function runEditor(editor: string, file: string): Promise<EditorExit> {
  return new Promise((resolve, reject) => {
    // `exec`, so the pid signalled is the editor's own; the file is an argument, never parsed by the shell.
    const child = spawn('/bin/sh', ['-c', `exec ${editor} "$1"`, 'editor', file], { stdio: 'inherit' });
    let interrupted: NodeJS.Signals | null = null;
    const onSignal = (signal: NodeJS.Signals): void => {
      child.kill(interrupted ? 'SIGKILL' : signal);
      interrupted ??= signal;
    };
    const stopListening = (): void => STOPS.forEach((s) => process.off(s, onSignal));
    STOPS.forEach((s) => process.on(s, onSignal));
    child.once('error', (e) => {
      stopListening();
      reject(new KitError('E_USAGE', `cannot start the editor (${editor}): ${e.message}; set $VISUAL or $EDITOR`, { cause: e }));
    });
    child.once('close', (code, signal) => {
      stopListening();
      // A terminal's Ctrl-C reaches the editor and us at once; the editor's exit can be seen
      // before our own signal is: an editor ended by a stop signal is the same interruption.
      resolve({ code, signal, interrupted: interrupted ?? (signal && STOPS.includes(signal) ? signal : null) });
    });
  });
}

/** Opens $VISUAL / $EDITOR on the fields as JSON and returns the overrides the user made. */
export async function editInEditor(req: RawRequest, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const before = editableFields(req);
  const dir = mkdtempSync(join(tmpdir(), 'webhook-kit-edit-'));
  const file = join(dir, 'fields.json');
  try {
    writeFileSync(file, `${JSON.stringify(before, null, 2)}\n`, { mode: 0o600 });
    const editor = env.VISUAL || env.EDITOR || 'vi';
    const run = await runEditor(editor, file);
    if (run.interrupted) throw new KitError('E_INTERRUPTED', `interrupted (${run.interrupted}) while the editor was open; the edited copy is removed and nothing was replayed`);
    if (run.code !== 0) throw new KitError('E_USAGE', `the editor (${editor}) exited with ${run.code ?? run.signal}; nothing was replayed`);
    let after: unknown;
    try {
      after = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new KitError('E_USAGE', `the edited fields are not valid JSON (${(e as Error).message.split('\n')[0]}); nothing was replayed`);
    }
    if (!after || typeof after !== 'object' || Array.isArray(after)) throw new KitError('E_USAGE', 'the edited fields must stay a JSON object; nothing was replayed');
    const removed = Object.keys(before).filter((k) => !Object.hasOwn(after as object, k));
    if (removed.length) {
      throw new KitError('E_USAGE', `--edit changes values but cannot remove fields (${removed.join(', ')}); set them to "" instead; nothing was replayed`);
    }
    return changedFields(before, after as Record<string, unknown>);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
