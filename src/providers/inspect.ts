import { parseBody, type ParsedBody } from '../core/body.js';
import { detectMojibake, mojibakeProblem } from '../core/mojibake.js';
import type { RawRequest } from '../core/raw-request.js';
import type { Decoded, Provider, SignatureCheck } from '../core/types.js';
import { identifyProvider } from './registry.js';

/** Everything webhook-kit can tell about one request, recomputed from the raw bytes. */
export interface Inspection {
  body: ParsedBody;
  provider: Provider | null;
  decoded: Decoded | null;
  signature: SignatureCheck;
}

export interface InspectOptions {
  /** The true body length when the stored body was truncated (null: unknown). */
  truncatedFrom?: number | null;
  /** Secrets by provider id. */
  secrets?: Readonly<Record<string, string>>;
}

const unchecked = (detail: string): SignatureCheck => ({
  state: 'unchecked',
  algorithm: null,
  canonical: null,
  computed: null,
  received: null,
  detail,
  diagnoses: [],
});

/** Parses, identifies, decodes and checks a request. Never throws. */
export function inspect(req: RawRequest, opts: InspectOptions = {}): Inspection {
  const body = parseBody(req, { truncatedFrom: opts.truncatedFrom });
  // Decoders and signatures read the body as sent before its Content-Encoding (gzip) was applied.
  if (body.inflated) req = { method: req.method, url: req.url, headers: req.headers, body: body.inflated };
  const provider = identifyProvider(req, body);
  if (!provider) return { body, provider: null, decoded: null, signature: unchecked('no provider recognised') };
  let decoded: Decoded;
  try {
    decoded = provider.decode(req, body);
  } catch (e) {
    // A decoder bug must not lose the capture: report it as a problem instead.
    decoded = { provider: provider.id, events: [], problems: [`decoder failed: ${(e as Error).message}`] };
  }
  const mixups = mojibakeProblems(body);
  if (mixups.length) decoded = { ...decoded, problems: [...decoded.problems, ...mixups] };
  const secret = opts.secrets?.[provider.id];
  // "no secret configured" would send the user looking for a secret a provider that signs nothing does not have.
  let signature = unchecked(provider.unsigned ? `${provider.unsigned}: nothing to check` : `no secret configured for ${provider.id}`);
  if (secret !== undefined) {
    try {
      signature = provider.verify(req, body, secret);
    } catch (e) {
      signature = { ...unchecked(`signature check failed: ${(e as Error).message}`), state: 'invalid' };
    }
  }
  return { body, provider, decoded, signature };
}

/** Fields looked at for mojibake, and problems reported, at most: a 10,000-field form stays cheap. */
const MAX_TEXTS = 200;
const MAX_MIXUPS = 3;

// Where a body's text can hold a non-ASCII character: itself, a %XX of a high byte (forms), a
// \\uXXXX escape (JSON) or a &#…; reference (XML). Most callbacks have none: no field is walked.
const MAY_HOLD_NON_ASCII = /[^\x00-\x7f]|%[89a-f]|\\u|&#/i;

/** One problem per field whose text was read in the wrong charset (core/mojibake.ts), in field order. */
function mojibakeProblems(body: ParsedBody): string[] {
  if (body.text === null || !MAY_HOLD_NON_ASCII.test(body.text)) return [];
  const out: string[] = [];
  let seen = 0;
  const visit = (value: unknown, path: string): void => {
    if (out.length >= MAX_MIXUPS || seen >= MAX_TEXTS) return;
    if (typeof value === 'string') {
      seen++;
      const found = detectMojibake(value);
      if (found) out.push(mojibakeProblem(path || '(body)', found));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k);
    }
  };
  visit(body.fields, '');
  return out;
}
