import { readFileSync } from 'node:fs';
import { didYouMean } from '../core/json-fields.js';
import { KitError } from '../core/errors.js';
import { absoluteUrl, parseHttpSample, relayHeaders, type RawRequest } from '../core/raw-request.js';
import { listSamples, loadSample, type SampleRef } from '../core/samples.js';
import type { Provider } from '../core/types.js';

/**
 * A provider's fixture by name, or a usage error listing the valid names. Without a name:
 * `delivered`, or the provider's first fixture where it has none (Zender reports no deliveries).
 */
export function resolveFixture(provider: Provider, name?: string): SampleRef {
  const all = listSamples(provider.id);
  const ref = name === undefined ? (all.find((s) => s.name === 'delivered') ?? all[0]) : all.find((s) => s.name === name);
  if (!ref) {
    const names = all.map((s) => s.name);
    const hint = name === undefined ? '' : didYouMean(name, names);
    throw new KitError('E_UNKNOWN_FIXTURE', `no fixture "${name ?? 'delivered'}" for ${provider.id}; ${hint}use one of: ${names.join(', ')} (see \`webhook-kit send --list\`)`);
  }
  return ref;
}

/**
 * A user's own payload (`--file`): a full request in the samples format (request line, headers,
 * blank line, body; `full`), or just a body, which takes the method and headers of the
 * provider's first fixture.
 */
export function loadUserPayload(provider: Provider, path: string): { req: RawRequest; full: boolean } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new KitError('E_FILE', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; check the --file path`);
  }
  if (/^[A-Z]+ \S+ HTTP\/1\.[01]\r?\n/.test(bytes.subarray(0, 200).toString('latin1'))) {
    return { req: parseHttpSample(bytes, { name: path, fix: 'correct that line, or drop the request line and headers to send the file as a bare body' }), full: true };
  }
  const first = listSamples(provider.id)[0];
  const template = first ? loadSample(first) : { method: 'POST', url: '/', headers: [], body: Buffer.alloc(0) };
  return { req: { ...template, body: bytes }, full: false };
}

/**
 * A full request from `--file`, unedited, as written: its method, headers and body bytes (Host,
 * Content-Length and hop-by-hop headers are the connection's, so the client sets them), to
 * `to`, or to the file's own path and query on `to` when `to` is a bare origin.
 */
export function asWritten(req: RawRequest, to: string): RawRequest {
  const u = new URL(to);
  const url = u.pathname === '/' && !u.search && !to.includes('!') ? absoluteUrl(req, u.origin) : to;
  return { method: req.method, url, headers: relayHeaders(req.headers), body: req.body };
}
