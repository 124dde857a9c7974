import { EXIT } from '../core/errors.js';
import type { RawRequest } from '../core/raw-request.js';
import { join } from 'node:path';
import { listSamples, loadExpectation, loadSample, SAMPLES_DIR } from '../core/samples.js';
import { hasOverrides } from '../core/json-fields.js';
import { fieldHashOf, lossWarning, unknownStatusWarning } from '../providers/stale.js';
import { parseBody } from '../core/body.js';
import { toSafeJson, toSafeText } from '../core/safe-text.js';
import type { EncodeOptions, Provider } from '../core/types.js';
import type { Io } from '../core/io.js';
import { formatSize } from '../output/describe.js';
import { paintFor } from '../output/paint.js';
import { maskUrl, redactor, secretsToMask, type Redactor } from '../core/redact.js';
import type { ChalkInstance } from 'chalk';
import { providers, resolveProvider } from '../providers/registry.js';
import { scenariosOf } from '../send/scenario.js';
import { asWritten, loadUserPayload, resolveFixture } from '../send/fixtures.js';
import { planDelays, type PlanOptions } from '../send/plan.js';
import type { Attempt } from '../send/runner.js';
import { sendVerdict } from '../send/verdict.js';

export interface SendOptions extends PlanOptions {
  provider: string;
  fixture?: string;
  file?: string;
  /** `--scenario`: a sequence of callbacks for one message (commands/send-scenario.ts). */
  scenario?: string;
  to: string;
  encode: EncodeOptions;
  timeoutMs?: number;
  json: boolean;
}

/** `send --list`: every fixture, then every scenario, one line (or one JSON object) each. */
export function runSendList(provider: string | undefined, json: boolean, io: Io): number {
  const p = provider ? resolveProvider(provider) : undefined;
  for (const s of listSamples(p?.id)) {
    const req = loadSample(s);
    const type = req.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    io.stdout.write(json ? `${toSafeJson({ provider: s.provider, name: s.name, method: req.method, contentType: type, size: req.body.length, kind: 'fixture' })}\n` : `${s.provider.padEnd(13)} ${s.name.padEnd(24)} ${req.method} ${type}\n`);
  }
  // A scenario's third column says "scenario" where a fixture's says its method: the names may be the same (failed).
  for (const q of p ? [p] : providers) {
    for (const sc of scenariosOf(q)) {
      const line = json
        ? toSafeJson({ provider: q.id, name: sc.name, kind: 'scenario', summary: sc.summary, steps: sc.steps.map((st) => ({ fixture: st.fixture, role: st.role ?? null, note: st.note })) })
        : `${q.id.padEnd(13)} ${sc.name.padEnd(24)} scenario ${sc.summary} (${sc.steps.length} step${sc.steps.length === 1 ? '' : 's'})`;
      io.stdout.write(`${line}\n`);
    }
  }
  return EXIT.ok;
}

const fmtOffset = (ms: number): string => (ms < 1000 ? `+${Math.round(ms)} ms` : `+${(ms / 1000).toFixed(1)} s`);

/** The request to start from, and the secret it is signed with when known (a fixture's, from its .expect.json). */
function sourceRequest(p: Provider, opts: SendOptions): { req: RawRequest; name: string; secret?: string; full?: boolean } {
  if (opts.file) return { ...loadUserPayload(p, opts.file), name: opts.file };
  const ref = resolveFixture(p, opts.fixture);
  const secret = loadExpectation(ref)?.['secret'];
  return { req: loadSample(ref), name: ref.name, secret: typeof secret === 'string' ? secret : undefined };
}

/**
 * How to encode: a fixture edited with --set is signed again with its own secret (the one
 * README names), unless --secret gives yours; an edited --file payload nobody can re-sign
 * gets one warning line, since its old hash no longer fits.
 */
export function encodeOptions(p: Provider, sample: RawRequest, own: string | undefined, opts: Pick<SendOptions, 'encode'>, warn: (line: string) => void): EncodeOptions {
  if ((!hasOverrides(opts.encode.set) && !hasOverrides(opts.encode.add)) || opts.encode.secret !== undefined) return opts.encode;
  if (own !== undefined) return { ...opts.encode, secret: own };
  const hash = fieldHashOf(p, sample);
  if (hash) warn(`webhook-kit: warning: --set changed fields of a request signed with ${hash}, so its signature is now stale and the receiver will reject it; pass --secret <secret> to sign it again\n`);
  return opts.encode;
}

/**
 * What send must never print: --secret, and the request's clear-text secrets and URL credentials
 * (those of a few characters only where they stand, see maskUrl, as show does).
 */
export function secretsOfSend(p: Provider, request: RawRequest, opts: Pick<SendOptions, 'encode' | 'to'>): string[] {
  return secretsToMask({ configured: [opts.encode.secret ?? ''], inRequest: p.secretsIn?.(request, parseBody(request)), urls: [opts.to, request.url] });
}

/** How attempt lines are printed: as NDJSON or plain, masked, painted for stdout. */
export interface AttemptPrinting {
  provider: Provider;
  json: boolean;
  io: Io;
  mask: Redactor;
  paint: ChalkInstance;
  /** Keys every attempt line carries besides its own (a scenario's `step`). */
  extra?: Record<string, unknown>;
  /** Indentation of plain attempt lines. */
  indent?: string;
}

/** Prints each attempt as it finishes: one NDJSON object, or the plain timeline line (and the wait before the next). */
export function attemptPrinter(ctx: AttemptPrinting): (a: Attempt, next: number | null) => void {
  const { io, mask, paint } = ctx;
  const indent = ctx.indent ?? '  ';
  return (a, next) => {
    const r = a.result;
    if (ctx.json) {
      const line = {
        type: 'attempt',
        ...ctx.extra,
        n: a.n,
        offsetMs: Math.round(a.offsetMs),
        status: r.response?.status ?? null,
        latencyMs: Math.round(r.latencyMs * 10) / 10,
        body: r.response ? mask.text(r.response.body.toString('utf8')).slice(0, 500) : null,
        error: r.error?.text ?? null,
        accepted: a.verdict.accepted,
        reason: a.verdict.reason,
        unacknowledged: a.verdict.unacknowledged,
      };
      io.stdout.write(`${toSafeJson(mask.deep(line))}\n`);
      return;
    }
    const status = r.response ? String(r.response.status) : paint.red(r.error?.kind ?? 'error');
    const body = r.response ? mask.preview(r.response.body.toString('utf8').trim(), 50) : mask.preview(r.error?.text ?? '', 70);
    const mark = a.verdict.accepted ? paint.green('accepted') : paint.red('not accepted');
    io.stdout.write(`${indent}#${a.n}  ${fmtOffset(a.offsetMs).padEnd(9)} ${status.padEnd(4)} ${`${Math.round(r.latencyMs)} ms`.padStart(7)}  ${mark}  ${body}\n`);
    if (next !== null && next >= 2000) io.stderr.write(paint.dim(`${indent}   next attempt in ${Math.round(next / 1000)} s (${ctx.provider.name}'s interval; --fast to compress)\n`));
  };
}

/** Plays a provider at the user's endpoint and judges the answers by its rules. */
export async function runSend(opts: SendOptions, io: Io): Promise<number> {
  const provider = resolveProvider(opts.provider);
  if (opts.scenario !== undefined) {
    const { runScenario } = await import('./send-scenario.js');
    return runScenario(provider, opts.scenario, opts, io);
  }
  const { req: sample, name, secret: own, full } = sourceRequest(provider, opts);
  const { set, add, secret, sign, legacy } = opts.encode;
  // A full request of the user's, unedited, goes out as written; anything else is the provider's encoding.
  const edited = hasOverrides(set) || hasOverrides(add) || secret !== undefined || sign !== undefined || legacy === true;
  const request = full && !edited ? asWritten(sample, opts.to) : provider.encode(sample, opts.to, { ...encodeOptions(provider, sample, own, opts, (l) => void io.stderr.write(l)), onLoss: (lost, cs) => void io.stderr.write(`${lossWarning(lost, cs)}\n`) });
  // A bare body takes a fixture's headers and is encoded as the provider would (its charset, its
  // form encoding): `hello` went out as `hello=`, UTF-8 as windows-1251, without a word.
  if (opts.file && !full && !edited && !request.body.equals(sample.body)) io.stderr.write(`webhook-kit: note: ${opts.file} is a bare body, sent re-encoded in ${provider.name}'s format (${formatSize(sample.body.length)} as written, ${formatSize(request.body.length)} sent); to send its bytes as written, give a full request: a request line and headers first, as in ${join(SAMPLES_DIR, provider.id)}\n`);
  const unknown = edited ? unknownStatusWarning(provider, sample, request) : null;
  if (unknown) io.stderr.write(`${unknown}\n`);
  const delays = planDelays(provider.retry, opts);
  const timeoutMs = opts.timeoutMs ?? provider.retry.timeoutMs;
  const paint = paintFor(io.stdout, io.env);
  const secrets = secretsOfSend(provider, request, opts);
  const mask = redactor(secrets);
  const { safe } = mask;
  const line = (s: string): void => void io.stdout.write(`${s}\n`);
  const json = (value: Record<string, unknown>): void => line(toSafeJson(mask.deep(value)));
  const url = maskUrl(request.url, secrets);
  const contentType = request.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '-';
  if (opts.json) {
    json({ type: 'request', provider: provider.id, fixture: name, method: request.method, url, contentType, size: request.body.length, attemptsPlanned: delays.length + 1 });
  } else {
    line(`${paint.bold(provider.name)} ${safe(name)} → ${safe(request.method)} ${toSafeText(url)}  (${safe(contentType)}, ${formatSize(request.body.length)})`);
  }
  const onAttempt = attemptPrinter({ provider, json: opts.json, io, mask, paint });
  // undici loads here, not for `send --list`.
  const { runDelivery } = await import('../send/runner.js');
  const attempts = await runDelivery({ provider, request, delays, timeoutMs, onAttempt });
  const verdict = sendVerdict(provider, attempts);
  if (opts.json) json({ type: 'verdict', ok: verdict.ok, exitCode: verdict.exitCode, attempts: attempts.length, text: verdict.text });
  else line(`${verdict.ok ? paint.green('✓') : paint.red('✗')} ${safe(verdict.text)}`);
  return verdict.exitCode;
}
