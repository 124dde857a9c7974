import { existsSync } from 'node:fs';
import { KitError, EXIT } from '../core/errors.js';
import { toSafeJson } from '../core/safe-text.js';
import { captureLine } from '../output/capture-line.js';
import { lineWidth } from '../output/fit-line.js';
import { paintFor } from '../output/paint.js';
import { maskUrl, redactor, secretsToMask } from '../core/redact.js';
import { captureDetails } from '../output/capture-details.js';
import { curlCommand, harDocument } from '../output/export.js';
import type { Io } from '../core/io.js';
import { emptyFilter, factsOf, isEmptyFilter, matches, type Filter } from '../capture/filter.js';
import { withStore, type Store } from '../capture/store.js';
import { factsKeyOf } from '../capture/store-facts.js';
import { confirm } from './confirm.js';
import { timelinesOf } from '../capture/correlate.js';
import { viewCapture, type CaptureView } from '../capture/view.js';
import { captureJsonLine } from '../output/ndjson.js';
import { providerById } from '../providers/registry.js';

export interface HistoryOptions {
  storePath: string;
  secrets?: Record<string, string>;
}

/**
 * Signatures are judged with this run's secrets, not listen's: `--signature valid` with none
 * given matched nothing though listen had shown `sig ok`, and the line did not say why.
 */
function noSecretsHint(opts: HistoryOptions & { filter?: Filter }): string {
  const judged = opts.filter?.signature.some((s) => s === 'valid' || s === 'invalid');
  // Not for a provider that signs nothing (Webcom Mobi): no secret would help.
  const named = opts.filter?.provider ?? [];
  const signs = named.length === 0 || named.some((p) => !providerById(p)?.unsigned);
  return judged && signs && Object.keys(opts.secrets ?? {}).length === 0 ? '; signatures are judged with the secrets of this run and none was given: pass --secret <provider>=<value> (or WEBHOOK_KIT_SECRET_<PROVIDER>)' : '';
}

/** `list`: newest first, one line (or one NDJSON object) per capture. */
export function runList(opts: HistoryOptions & { limit?: number; json: boolean; filter?: Filter }, io: Io): number {
  return withStore(opts.storePath, (store) => {
    const filtered = opts.filter !== undefined && !isEmptyFilter(opts.filter);
    // One match past the limit tells whether there are more, without judging every capture.
    const found = filtered ? take(matching(store, opts, true), opts.limit === undefined ? undefined : opts.limit + 1) : [];
    const moreMatch = opts.limit !== undefined && found.length > opts.limit;
    const views = filtered ? found.slice(0, opts.limit) : store.list({ limit: opts.limit }).map((r) => viewCapture(r, { secrets: opts.secrets, store }));
    const paint = paintFor(io.stdout, io.env);
    const width = lineWidth(io.stdout);
    for (const view of views) io.stdout.write(`${opts.json ? captureJsonLine(view) : captureLine(view, paint, width)}\n`);
    if (!opts.json && views.length === 0) io.stderr.write(filtered ? `no capture in ${store.file} matches the filter${noSecretsHint(opts)}\n` : `no captures in ${store.file} yet; run \`webhook-kit listen\`\n`);
    // A full page may not be all of them: say so (on stderr, so NDJSON and pipes stay data only).
    else if (moreMatch) io.stderr.write(`showing the newest ${views.length} matching; more match; --limit N for more\n`);
    else if (!filtered && opts.limit !== undefined && views.length === opts.limit) {
      const total = store.count();
      if (total > views.length) io.stderr.write(`showing ${views.length} of ${total}; --limit N for more\n`);
    }
    return EXIT.ok;
  });
}

/**
 * The captures that pass `opts.filter`, decoded: SQLite picks the rows (their stored facts, when
 * stored under this reader's secrets: capture/store-filter.ts), each is decoded and judged by
 * matches(), the one definition; rows without such facts (older stores) are decoded to be judged.
 */
function* matching(store: Store, opts: HistoryOptions & { filter?: Filter }, newestFirst: boolean): Generator<CaptureView> {
  const f = opts.filter ?? emptyFilter();
  for (const r of store.iterate({ newestFirst, filter: f, factsKey: factsKeyOf(opts.secrets) })) {
    const view = viewCapture(r, { secrets: opts.secrets, store });
    if (matches(factsOf(view), f)) yield view;
  }
}

const take = <T>(items: Iterable<T>, limit = Infinity): T[] => {
  const out: T[] = [];
  if (limit <= 0) return out;
  for (const x of items) if (out.push(x) >= limit) break;
  return out;
};

/** `show`: one capture in detail, as JSON, or its exact raw body bytes. */
export function runShow(id: string, opts: HistoryOptions & { json: boolean; raw: boolean }, io: Io): number {
  return withStore(opts.storePath, (store) => {
    const view = viewCapture(store.get(id), { secrets: opts.secrets, store });
    if (opts.raw) io.stdout.write(view.record.body);
    else if (opts.json) io.stdout.write(`${captureJsonLine(view)}\n`);
    else io.stdout.write(`${captureDetails(view, paintFor(io.stdout, io.env), timelinesOf(store, view.inspection.provider, view.inspection.decoded))}\n`);
    return EXIT.ok;
  });
}

export type ExportFormat = 'ndjson' | 'har' | 'curl';

/** `export`: the given captures (all, oldest first, when none are named). */
export function runExport(ids: string[], opts: HistoryOptions & { format: ExportFormat; baseUrl?: string; revealSecrets?: boolean; filter?: Filter }, io: Io): number {
  return withStore(opts.storePath, (store) => {
    const views = ids.length
      ? ids.map((id) => viewCapture(store.get(id), { secrets: opts.secrets, store })).filter((v) => !opts.filter || matches(factsOf(v), opts.filter))
      : [...matching(store, opts, false)];
    // Secrets are masked unless asked for: a masked curl command is no longer byte-exact. The
    // --base-url's own password is one of them, as in every URL webhook-kit prints.
    const reveal = opts.revealSecrets === true;
    const secretsOf = (v: CaptureView): string[] => (reveal ? [] : secretsToMask({ configured: v.secrets, urls: [opts.baseUrl] }));
    const mask = (v: CaptureView) => redactor(secretsOf(v));
    const showUrl = (url: string): string => (reveal ? url : maskUrl(url));
    let masked = 0;
    if (opts.format === 'har') {
      const doc = harDocument(views, opts.baseUrl, showUrl);
      const all = redactor(views.flatMap(secretsOf));
      io.stdout.write(`${toSafeJson(all.deep(doc), 2)}\n`);
    } else if (opts.format === 'curl') {
      for (const v of views) {
        const cmd = curlCommand(v, opts.baseUrl);
        const shown = reveal ? cmd : mask(v).text(curlCommand(v, opts.baseUrl, showUrl, secretsOf(v)));
        if (shown !== cmd) masked++;
        io.stdout.write(`${shown}\n`);
      }
      if (masked) io.stderr.write(`${masked} command(s) had a secret masked, so they are not byte-exact; pass --reveal-secrets for exact ones\n`);
    } else for (const v of views) io.stdout.write(`${captureJsonLine(opts.revealSecrets ? { ...v, secrets: [] } : v)}\n`);
    return EXIT.ok;
  });
}

/** `clear`: deletes every capture, after asking unless --yes. */
export async function runClear(opts: HistoryOptions & { yes: boolean }, io: Io & { stdin: NodeJS.ReadStream }): Promise<number> {
  if (!existsSync(opts.storePath)) {
    io.stderr.write(`no store at ${opts.storePath}: nothing to clear\n`);
    return EXIT.ok;
  }
  if (!opts.yes) {
    if (!io.stdin.isTTY) {
      throw new KitError('E_USAGE', 'clear deletes every capture; pass --yes to confirm when not in a terminal');
    }
    const answer = await confirm(`Delete every capture in ${opts.storePath}? [y/N] `, io);
    if (answer !== 'yes') {
      io.stderr.write('nothing deleted\n');
      return answer === 'interrupted' ? EXIT.interrupted : EXIT.negative;
    }
  }
  const n = withStore(opts.storePath, (store) => store.clear(), { mustExist: true });
  io.stderr.write(`deleted ${n} capture${n === 1 ? '' : 's'} from ${opts.storePath}\n`);
  return EXIT.ok;
}
