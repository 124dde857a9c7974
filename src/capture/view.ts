import { urlSecrets } from '../core/redact.js';
import { inspect, type InspectOptions, type Inspection } from '../providers/inspect.js';
import { flagsFor, type Flag } from './correlate.js';
import type { CaptureRecord, Store } from './store.js';

/** A capture with everything decoded from it; what every output draws from. */
export interface CaptureView {
  record: CaptureRecord;
  inspection: Inspection;
  /** Per decoded event: duplicate / out-of-order / impossible, against earlier captures. */
  flags: Flag[][];
  /** Secrets to mask in every output: the configured ones and any the request carries in clear. */
  secrets: string[];
}

/** Shortest clear-text secret taken from a request (rather than configured) that is masked. */
export const MIN_REQUEST_SECRET = 4;
/** Secrets in clear taken from one request, at most (the rest are the sender's own noise). */
export const MAX_REQUEST_SECRETS = 4;

/** The configured secrets plus those the provider finds in clear in the request. */
export function secretsOf(record: CaptureRecord, inspection: Inspection, configured: Readonly<Record<string, string>> = {}): string[] {
  let inRequest: string[] = [];
  try {
    inRequest = inspection.provider?.secretsIn?.(record, inspection.body) ?? [];
  } catch {
    inRequest = [];
  }
  // A clear-text "secret" of a few characters from an arbitrary request would mask every
  // occurrence of those characters (ids included): mask those only when configured.
  // A real request carries one; a hostile one could carry thousands, each one more pass over the output.
  const fromRequest = [...new Set(inRequest.filter((v) => v.length >= MIN_REQUEST_SECRET))].slice(0, MAX_REQUEST_SECRETS);
  // The app's URL (--forward-to, replay --to) may carry a password or a token of the user's own.
  const forwardUrl = record.forward?.url;
  const inUrl = typeof forwardUrl === 'string' ? urlSecrets(forwardUrl).filter((v) => v.length >= MIN_REQUEST_SECRET) : [];
  return inUrl.length ? [...Object.values(configured), ...fromRequest, ...inUrl] : [...Object.values(configured), ...fromRequest];
}

/** Decodes a stored capture (decoding is recomputed from raw bytes, never stored). */
export function viewCapture(record: CaptureRecord, opts: Omit<InspectOptions, 'truncatedFrom'> & { store?: Store } = {}): CaptureView {
  const truncatedFrom = record.truncated ? record.size : undefined;
  const inspection = inspect(record, { secrets: opts.secrets, truncatedFrom });
  const flags = opts.store ? flagsFor(opts.store, inspection.provider, inspection.decoded, record.seq) : [];
  return { record, inspection, flags, secrets: secretsOf(record, inspection, opts.secrets) };
}
