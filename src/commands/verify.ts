import { readFileSync } from 'node:fs';
import { parseBody, type ParsedBody } from '../core/body.js';
import { EXIT, KitError } from '../core/errors.js';
import { isHttpUrl, parseHttpSample, splitUrl, type RawRequest } from '../core/raw-request.js';
import { toSafeJson, toSafeText } from '../core/safe-text.js';
import { maskSecret } from '../core/secret.js';
import type { Provider, SignatureCheck } from '../core/types.js';
import type { Io } from '../core/io.js';
import { paintFor } from '../output/paint.js';
import { identifyProvider, providerIds, resolveProvider } from '../providers/registry.js';

export interface VerifyOptions {
  /** A provider id; with --capture it may be left out: the capture's own provider is used. */
  provider?: string;
  /** The secret; else WEBHOOK_KIT_SECRET_<PROVIDER> from the environment. */
  secret?: string;
  /** A stored capture (needs storePath). */
  capture?: string;
  storePath?: string;
  /** A full request file in the samples format. */
  request?: string;
  /** A body file, or `-` for stdin. */
  body?: string;
  url?: string;
  headers?: Array<[string, string]>;
  contentType?: string;
  json: boolean;
}

function readInput(path: string, stdin: () => Buffer): Buffer {
  if (path === '-') return stdin();
  try {
    return readFileSync(path);
  } catch (e) {
    throw new KitError('E_FILE', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; check the path`);
  }
}

async function requestFrom(opts: VerifyOptions, stdin: () => Buffer): Promise<RawRequest> {
  const given = [opts.capture, opts.request, opts.body].filter((x) => x !== undefined).length;
  if (given !== 1) throw new KitError('E_USAGE', 'give exactly one of --capture <id>, --request <file> or --body <file|->');
  if (opts.capture) {
    const { withStore } = await import('../capture/store.js');
    const id = opts.capture;
    return withStore(opts.storePath!, (store) => store.get(id));
  }
  if (opts.request) {
    const name = opts.request === '-' ? 'stdin' : opts.request;
    return parseHttpSample(readInput(opts.request, stdin), { name, fix: `pass --body ${opts.request} to check a bare body` });
  }
  // Not echoed: the URL may carry a token (SMSGateway24 puts its secret there).
  if (opts.url !== undefined && !opts.url.startsWith('/') && !isHttpUrl(opts.url)) throw new KitError('E_USAGE', '--url must be the path and query the callback was sent to (e.g. /smsc?charset=utf-8) or an http(s) URL');
  const { path, rawQuery } = splitUrl(opts.url ?? '/');
  const headers: Array<[string, string]> = [...(opts.headers ?? [])];
  if (opts.contentType) headers.push(['Content-Type', opts.contentType]);
  return { method: 'POST', url: rawQuery ? `${path}?${rawQuery}` : path, headers, body: readInput(opts.body!, stdin) };
}

/** The provider to check with: the one named, else the one the capture was recognised as (its route or fields). */
function providerOf(opts: VerifyOptions, req: RawRequest): { provider: Provider; body: ParsedBody } {
  const body = parseBody(req);
  if (opts.provider !== undefined) return { provider: resolveProvider(opts.provider), body };
  const found = identifyProvider(req, body);
  if (!found) throw new KitError('E_USAGE', `capture ${opts.capture} is not recognised as any provider's callback; pass --provider <id> (${providerIds().join(', ')})`);
  return { provider: found, body };
}

/** Exit code of a check: 0 valid, 1 anything else. */
export const verifyExitCode = (c: SignatureCheck): number => (c.state === 'valid' ? EXIT.ok : EXIT.negative);

/** `verify-signature`: what was hashed, computed against received, and why they differ. */
export async function runVerify(opts: VerifyOptions, io: Io & { stdin: () => Buffer }): Promise<number> {
  if (opts.provider === undefined && opts.capture === undefined) throw new KitError('E_USAGE', '--provider <id> is required unless --capture names a stored capture');
  if (opts.provider !== undefined) resolveProvider(opts.provider);
  const req = await requestFrom(opts, io.stdin);
  const { provider, body } = providerOf(opts, req);
  const env = `WEBHOOK_KIT_SECRET_${provider.id.toUpperCase()}`;
  const secret = opts.secret ?? io.env[env];
  if (secret === undefined) throw new KitError('E_USAGE', `--secret is required (or set ${env})`);
  if (secret === '') throw new KitError('E_USAGE', '--secret is empty; pass the secret configured at the provider');
  // A gzip body is checked as sent before its Content-Encoding was applied (core/content-encoding.ts).
  const check = provider.verify(body.inflated ? { ...req, body: body.inflated } : req, body, secret);
  if (opts.json) {
    io.stdout.write(`${toSafeJson({ type: 'signature', provider: provider.id, secret: maskSecret(secret), ...check })}\n`);
    return verifyExitCode(check);
  }
  const p = paintFor(io.stdout, io.env);
  const row = (k: string, v: string | null): string => `${p.dim(k.padEnd(10))} ${v === null ? p.dim('-') : toSafeText(v)}`;
  const color = check.state === 'valid' ? p.green : p.red;
  const lines = [
    row('provider', provider.name),
    row('secret', maskSecret(secret)),
    row('algorithm', check.algorithm),
    row('hashed', check.canonical),
    row('computed', check.computed),
    row('received', check.received),
    `${p.dim('verdict'.padEnd(10))} ${color(check.state)}: ${toSafeText(check.detail)}`,
  ];
  if (check.diagnoses.length) lines.push(p.bold('likely causes:'), ...check.diagnoses.map((d) => `  - ${toSafeText(d)}`));
  io.stdout.write(`${lines.join('\n')}\n`);
  return verifyExitCode(check);
}
