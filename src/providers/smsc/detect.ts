import type { ParsedBody } from '../../core/body.js';
import type { RawRequest } from '../../core/raw-request.js';
import { CORE_FIELDS, eventKind, requestFields, SIGNATURE_FIELDS } from './fields.js';

/** Confidence for each count of core fields present (out of 3), before the signature bonus. */
const SCORE_BY_CORE_HITS: readonly number[] = [0, 0.1, 0.35, 0.85];
/** A md5/sha1/crc32 field is SMSC's own mark. */
const SIGNATURE_BONUS = 0.1;
/** `mes` and `waitcall` are distinctive names: the kind-defining field alone counts for a little. */
const KIND_FIELD_ONLY = 0.3;

/**
 * 0..1 confidence from fields alone: `id`+`phone`+`status`, `mes`, or `waitcall`
 * (docs/providers.md#smsc-detect); partial matches score below the registry's 0.5.
 */
export function detect(req: RawRequest, body: ParsedBody): number {
  const fields = requestFields(req, body);
  if (fields.length === 0) return 0;
  const names = fields.map((f) => f.name);
  const present = new Set(names);
  const has = (n: string): boolean => present.has(n);
  const signed = SIGNATURE_FIELDS.some(has);
  const kind = eventKind(has);
  const hits = CORE_FIELDS[kind].filter(has).length;
  let score = SCORE_BY_CORE_HITS[hits] ?? 0;
  if (kind !== 'status') score = Math.max(score, KIND_FIELD_ONLY);
  if (kind === 'status' && hits < 2 && !signed) return 0;
  return Math.min(1, score + (signed ? SIGNATURE_BONUS : 0));
}
