import { InvalidArgumentError } from 'commander';
import { isPort, PORT_RANGE } from '../core/address.js';
import { KitError } from '../core/errors.js';
import { safePreview } from '../core/safe-text.js';
import { maskSecret } from '../core/secret.js';
import { checkConfigSecrets, configSecrets } from './config.js';

/** Commander argument parsers: each throws InvalidArgumentError with the fix in the message. */

export function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !isPort(n)) throw new InvalidArgumentError(`expected ${PORT_RANGE}`);
  return n;
}

/** Node's timers fire at once past 2^31-1 ms (with a warning): every duration stays below. */
const MAX_MS = 2 ** 31 - 1;

export function parsePositiveInt(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > MAX_MS) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_MS}`);
  return n;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration in milliseconds: `500ms`, `30s`, `2m`, `1h`, or a bare number in `bare` units (the
 * unit each flag has always meant: listen's seconds, send's and replay's milliseconds).
 */
function durationMs(v: string, bare: 'ms' | 's'): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/i.exec(v.trim());
  if (!m) return null;
  return Number(m[1]) * DURATION_UNITS[(m[2] ?? bare).toLowerCase()]!;
}

export function parseMillis(v: string): number {
  const ms = durationMs(v, 'ms');
  if (ms === null || !Number.isInteger(ms) || ms > MAX_MS) throw new InvalidArgumentError(`expected milliseconds up to ${MAX_MS} (about 24 days), or a duration such as 200ms or 2s`);
  return ms;
}

/** A duration of at least 1 ms, bare numbers in milliseconds (send and replay --timeout). */
export function parsePositiveMillis(v: string): number {
  const ms = durationMs(v, 'ms');
  if (ms === null || !Number.isInteger(ms) || ms < 1 || ms > MAX_MS) throw new InvalidArgumentError(`expected milliseconds from 1 to ${MAX_MS}, or a duration such as 500ms or 10s`);
  return ms;
}

/** A --secret value: an empty one would sign with nothing, or check against nothing, without a word. */
export function parseSecret(v: string): string {
  if (v === '') throw new InvalidArgumentError('expected the secret configured at the provider, got an empty value');
  return v;
}

export function parseFraction(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a fraction from 0 to 1, e.g. 0.3');
  return n;
}

/** A duration in seconds (fractions allowed), bare numbers in seconds (listen's --timeout and friends). */
export function parseSeconds(v: string): number {
  const ms = durationMs(v, 's');
  if (ms === null || ms <= 0 || ms > MAX_MS) throw new InvalidArgumentError(`expected seconds above 0 and up to ${Math.floor(MAX_MS / 1000)} (about 24 days), or a duration such as 30s, 500ms or 2m`);
  return ms / 1000;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 };

/** `1048576`, `512k`, `1m`, `2MiB`. */
export function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new InvalidArgumentError('expected a size such as 1048576, 512k or 1m');
  const n = Math.floor(Number(m[1]) * unit);
  if (n < 1) throw new InvalidArgumentError('expected a size of at least 1 byte');
  return n;
}

export function parseHttpStatus(v: string): number {
  const n = Number(v);
  // 1xx is not a final answer: a response with one and a body is not valid HTTP.
  if (!/^\d{3}$/.test(v) || n < 200 || n > 599) throw new InvalidArgumentError('expected an HTTP status from 200 to 599, e.g. 500');
  return n;
}

/**
 * A repeatable `key=value` option (commander passes the previous array as the second argument),
 * whose error names the flag and its form. A KitError, because commander quotes an
 * InvalidArgumentError's argument in its own message: under --secret (`secret`) a value without
 * its key is the secret itself, shown masked; other values are shown as typed.
 */
export function pairsOf(flag: string, form: string, example: string, secret = false): (v: string, previous?: Array<[string, string]>) => Array<[string, string]> {
  return (v, previous = []) => {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new KitError('E_USAGE', `${flag} expects ${form} (e.g. ${flag} ${example}), got ${secret ? maskSecret(v) : `"${safePreview(v, 40)}"`}`);
    return [...previous, [v.slice(0, eq), v.slice(eq + 1)]];
  };
}

/** --secret provider=value, repeatable. */
export const collectSecret = pairsOf('--secret', 'provider=value', 'smsc=<secret>', true);

/** Secrets from `--secret provider=value` over WEBHOOK_KIT_SECRET_<PROVIDER> variables over the config file's. */
export function secretsFrom(
  pairs: Array<[string, string]> | undefined,
  env: NodeJS.ProcessEnv,
  ids: readonly string[],
  // A provider's id for a name of it (an id or a route alias: registry.ts providerNamed), passed in so --help loads no provider.
  canonical: (name: string) => string | undefined,
): Record<string, string> {
  // The config file's secrets are the lowest layer (cli/config.ts).
  checkConfigSecrets(ids, canonical);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(configSecrets())) out[canonical(k.toLowerCase()) ?? k] = v;
  for (const id of ids) {
    const v = env[`WEBHOOK_KIT_SECRET_${id.toUpperCase()}`];
    if (v) out[id] = v;
  }
  for (const [k, v] of pairs ?? []) {
    if (v === '') throw new KitError('E_USAGE', `--secret ${safePreview(k, 40)}= has no value; pass --secret ${safePreview(k, 40)}=<secret>`);
    out[canonical(k.toLowerCase()) ?? k.toLowerCase()] = v;
  }
  return out;
}

/**
 * A command's secrets, as secretsFrom() layers them, each under its provider's id: an unknown
 * provider is a usage error, a very short secret one warning (core/redact.ts). Loads every
 * provider, so it runs when a command does, never for --help.
 */
export async function runSecrets(pairs: Array<[string, string]> | undefined): Promise<Record<string, string>> {
  const [{ checkProviderIds, providerIds, providerNamed }, { shortSecretWarnings }] = await Promise.all([import('../providers/registry.js'), import('../core/redact.js')]);
  const secrets = secretsFrom(pairs, process.env, providerIds(), (n) => providerNamed(n)?.id);
  checkProviderIds(Object.keys(secrets));
  for (const w of shortSecretWarnings(secrets)) process.stderr.write(`webhook-kit: ${w}\n`);
  return secrets;
}
