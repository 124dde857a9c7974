import type { DecodedStatus, StatusInfo } from './types.js';

const UNKNOWN: StatusInfo = { label: 'unknown', meaning: '', final: false, outcome: 'unknown' };

/** What a code means for correlation (final? outcome?), without building a DecodedStatus. */
export function statusInfo(table: ReadonlyMap<string, StatusInfo>, code: string): StatusInfo {
  return table.get(code) ?? UNKNOWN;
}

/** Looks a raw code up in a provider's table; an unknown code is kept and labelled unknown. */
export function lookupStatus(table: ReadonlyMap<string, StatusInfo>, code: string, providerName: string): DecodedStatus {
  const info = table.get(code);
  if (info) return { code, ...info };
  return {
    code,
    label: 'unknown',
    meaning: `status code ${code} is not in ${providerName}'s table`,
    final: false,
    outcome: 'unknown',
  };
}

/** Looks an error code up; unknown codes are kept and said to be unknown. */
export function lookupError(
  table: ReadonlyMap<string, string>,
  code: string,
  providerName: string,
): { code: string; meaning: string } {
  return { code, meaning: table.get(code) ?? `error code ${code} is not in ${providerName}'s table` };
}
