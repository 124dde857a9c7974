import type { ParsedBody } from '../../core/body.js';
import { percentDecode, splitForm } from '../../core/form.js';
import type { RawRequest } from '../../core/raw-request.js';
import { maskSecret, safeEqual } from '../../core/secret.js';
import type { SignatureCheck } from '../../core/types.js';
import { diagnose } from './diagnose.js';
import { eventKind, firstByName, isAlgorithm, requestFields, type SmscKind } from './fields.js';
import { ASSUMED_SCHEMES, CONTROL_FIELDS, controlString, DEFAULT_CHARSET, digestMatches, sign } from './hash.js';

const KIND_LABEL: Record<SmscKind, string> = {
  status: 'delivery-status',
  incoming: 'incoming-SMS',
  call: 'call-confirmation',
};

/** Form values exactly as percent-encoded on the wire, for the "hashed the URL-encoded value" test. */
function wireValues(req: RawRequest, body: ParsedBody, names: readonly string[]): string[] | null {
  if (body.kind !== 'form') return null;
  const raw = new Map<string, string>();
  for (const [k, v] of splitForm(req.body.toString('latin1'))) {
    const key = percentDecode(k).bytes.toString('latin1');
    if (!raw.has(key)) raw.set(key, v);
  }
  return names.map((n) => raw.get(n) ?? '');
}

/**
 * Checks md5/sha1/crc32 of the control string (status `id:phone:status`, incoming
 * `phone:mes:to`, waitcall `phone:ts`, each `:secret`) over the request charset's bytes,
 * falling back to UTF-8. The secret appears only masked.
 */
export function verify(req: RawRequest, body: ParsedBody, secret: string): SignatureCheck {
  // The query's fields count too, where the body lacks them (docs/providers.md#smsc-c16).
  const fields = requestFields(req, body);
  const algorithm = fields.map((f) => f.name).find(isAlgorithm);
  if (!algorithm) {
    return {
      state: 'absent',
      algorithm: null,
      canonical: null,
      computed: null,
      received: null,
      detail: 'no md5, sha1 or crc32 field: the handler URL names no md5=/sha1=/crc32= secret',
      diagnoses: [],
    };
  }
  const byName = firstByName(fields);
  const kind = eventKind((n) => byName.has(n));
  const names = CONTROL_FIELDS[kind];
  const values = names.map((n) => byName.get(n)?.text ?? '');
  const received = (byName.get(algorithm)?.text ?? '').trim();
  const charset = body.charset ?? DEFAULT_CHARSET;
  // docs/providers.md#smsc-c4: hash the request charset's bytes, then retry with UTF-8.
  const tried = charset === 'utf-8' ? [charset] : [charset, 'utf-8'];
  const text = controlString(values, secret);
  const matched = tried.find((cs) => digestMatches(algorithm, sign(algorithm, text, cs), received));
  const assumed = ASSUMED_SCHEMES.has(kind);
  const scheme = `${KIND_LABEL[kind]} control string ${[...names, 'secret'].join(':')}`;
  const caveat = assumed
    ? `; this scheme is unconfirmed (third-party code, docs/providers.md#smsc-c2): warn, do not reject`
    : '';
  const check: SignatureCheck = {
    state: matched ? 'valid' : 'invalid',
    algorithm,
    canonical: controlString(values, maskSecret(secret)),
    computed: sign(algorithm, text, matched ?? charset),
    received: safeEqual(received, secret) ? maskSecret(secret) : received,
    detail: '',
    diagnoses: [],
    assumed,
  };
  if (matched) {
    const fallback = matched === charset ? '' : ` (hashed as ${matched}, not the request's ${charset})`;
    return { ...check, detail: `${algorithm} matches the ${scheme}${fallback}${caveat}` };
  }
  const diagnoses = diagnose({
    algorithm,
    received,
    names,
    values,
    wireValues: wireValues(req, body, names),
    secret,
    charset,
    tried,
  });
  return { ...check, detail: `${algorithm} does not match the ${scheme}${caveat}`, diagnoses };
}
