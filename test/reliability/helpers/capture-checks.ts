import { expect } from 'vitest';
import type { CaptureRecord } from '../../../src/capture/store.js';
import { viewCapture } from '../../../src/capture/view.js';
import { captureJson } from '../../../src/output/ndjson.js';
import { captureDetails } from '../../../src/output/capture-details.js';
import { captureLine } from '../../../src/output/capture-line.js';
import { plain } from '../../../src/output/paint.js';

/** Secrets configured for the fuzzed servers, so signature checks and masking run on hostile input too. */
export const SECRETS = { smsc: 'my_secret-1', zender: 'Z3nder-secret', smsgateway24: 'sg24-token', webcom: 'webcom-pass' };

// C0 but TAB and LF, DEL, C1, bidi controls: none may reach a terminal raw.
const UNSAFE_LINE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_BLOCK = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Everything a stored capture is shown through must work on it: the NDJSON object (and its
 * JSON.stringify, as `listen --json` does), the one-line form and the detail view. No raw
 * control or bidi character may come out in the human forms.
 */
export function expectViewable(record: CaptureRecord): void {
  const view = viewCapture(record, { secrets: SECRETS });
  const json = JSON.stringify(captureJson(view));
  expect(JSON.parse(json)).toMatchObject({ type: 'capture' });
  const line = captureLine(view, plain);
  expect(line).not.toMatch(UNSAFE_LINE);
  expect(captureDetails(view, plain)).not.toMatch(UNSAFE_BLOCK);
}

/** The stored headers with these names (case-insensitive), in order: what was sent must be there as sent. */
export function headersNamed(stored: ReadonlyArray<readonly [string, string]>, names: ReadonlySet<string>): Array<[string, string]> {
  return stored.filter(([k]) => names.has(k.toLowerCase())).map(([k, v]) => [k.toLowerCase(), v]);
}

/** Own property names of the built-in prototypes, to prove no request wrote to them. */
export function prototypeSnapshot(): string {
  const names = (o: object): string => Object.getOwnPropertyNames(o).sort().join(',');
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map(names).join('|');
}

/** True when a pollution attempt left a trace on a fresh object. */
export const isPolluted = (): boolean => {
  const probe = {} as Record<string, unknown>;
  return probe.polluted !== undefined || probe.x !== undefined || probe.y !== undefined || probe.z !== undefined;
};
