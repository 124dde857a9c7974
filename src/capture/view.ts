import { headerSecrets, secretsToMask, urlSecrets } from '../core/redact.js';
import { inspect, type InspectOptions, type Inspection } from '../providers/inspect.js';
import { contentKey, flagsFor, type Flag } from './correlate.js';
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

/** The secrets to mask in every output of a capture (core/redact.ts secretsToMask). */
export function secretsOf(record: CaptureRecord, inspection: Inspection, configured: Readonly<Record<string, string>> = {}): string[] {
  let inRequest: string[] = [];
  try {
    inRequest = inspection.provider?.secretsIn?.(record, inspection.body) ?? [];
  } catch {
    inRequest = [];
  }
  // The app's URL (--forward-to, replay --to) may carry a password or a token of the user's own,
  // and so may the request itself (a handler URL's ?password=, an Authorization header).
  // Those of the request count among its bounded few (redact.ts MAX_REQUEST_SECRETS): a hostile one may carry thousands.
  return secretsToMask({ configured: Object.values(configured), inRequest: [...inRequest, ...urlSecrets(record.url), ...headerSecrets(record.headers)], urls: [record.forward?.url] });
}

/** Decodes a stored capture (decoding is recomputed from raw bytes, never stored). */
export function viewCapture(record: CaptureRecord, opts: Omit<InspectOptions, 'truncatedFrom'> & { store?: Store } = {}): CaptureView {
  const truncatedFrom = record.truncated ? record.size : undefined;
  const inspection = inspect(record, { secrets: opts.secrets, truncatedFrom });
  // A replay repeats its original by design: flagging it a duplicate says nothing (server.ts does not index it either).
  const flags = opts.store && record.replayOf === null ? flagsFor(opts.store, inspection.provider, inspection.decoded, record.seq) : [];
  const provider = inspection.provider;
  if (record.likelyDuplicate && provider && inspection.decoded) {
    // Kept from when listen saw it: the events it could have matched are those with a content key.
    while (flags.length < inspection.decoded.events.length) flags.push([]);
    inspection.decoded.events.forEach((e, i) => {
      if (contentKey(provider.id, e) !== null) flags[i]!.push('likely-duplicate');
    });
  }
  return { record, inspection, flags, secrets: secretsOf(record, inspection, opts.secrets) };
}
