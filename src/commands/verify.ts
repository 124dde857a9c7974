import { readFileSync } from 'node:fs';
import { parseBody } from '../core/body.js';
import { EXIT, KitError } from '../core/errors.js';
import { isHttpUrl, parseHttpSample, splitUrl, type RawRequest } from '../core/raw-request.js';
import { toSafeJson, toSafeText } from '../core/safe-text.js';
import { maskSecret } from '../core/secret.js';
import type { SignatureCheck } from '../core/types.js';
import type { Io } from '../core/io.js';
import { paintFor } from '../output/paint.js';
import { resolveProvider } from '../providers/registry.js';

export interface VerifyOptions {
  provider: string;
  secret: string;
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

/** Exit code of a check: 0 valid, 1 anything else. */
export const verifyExitCode = (c: SignatureCheck): number => (c.state === 'valid' ? EXIT.ok : EXIT.negative);

/** `verify-signature`: what was hashed, computed against received, and why they differ. */
export async function runVerify(opts: VerifyOptions, io: Io & { stdin: () => Buffer }): Promise<number> {
  const provider = resolveProvider(opts.provider);
  if (opts.secret === '') throw new KitError('E_USAGE', '--secret is empty; pass the secret configured at the provider');
  const req = await requestFrom(opts, io.stdin);
  const check = provider.verify(req, parseBody(req), opts.secret);
  if (opts.json) {
    io.stdout.write(`${toSafeJson({ type: 'signature', provider: provider.id, secret: maskSecret(opts.secret), ...check })}\n`);
    return verifyExitCode(check);
  }
  const p = paintFor(io.stdout, io.env);
  const row = (k: string, v: string | null): string => `${p.dim(k.padEnd(10))} ${v === null ? p.dim('-') : toSafeText(v)}`;
  const color = check.state === 'valid' ? p.green : p.red;
  const lines = [
    row('provider', provider.name),
    row('secret', maskSecret(opts.secret)),
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
