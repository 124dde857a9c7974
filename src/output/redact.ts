import { formEncode } from '../core/form.js';
import { maskSecret } from '../core/secret.js';

/**
 * Secrets never reach any output in full: every occurrence of a configured secret, or of a
 * secret a request carries in clear (Zender's `secret` field), becomes `<secret sha256:…>`.
 */
export interface Redactor {
  text(s: string): string;
  deep<T>(value: T): T;
}

/** A redactor for these secrets (their plain, URL- and form-encoded spellings). */
export function redactor(secrets: readonly string[]): Redactor {
  const pairs = [...new Set(secrets.filter((s) => s !== ''))]
    .flatMap((s) => [...new Set([s, encodeURIComponent(s), formEncode(s, 'utf-8')])].map((spelling) => [spelling, maskSecret(s)] as const))
    .sort((a, b) => b[0].length - a[0].length);
  const text = (s: string): string => {
    let out = s;
    for (const [spelling, mask] of pairs) if (out.includes(spelling)) out = out.split(spelling).join(mask);
    return out;
  };
  const deep = <T>(value: T): T => {
    if (pairs.length === 0) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return text(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) Object.defineProperty(out, text(k), { value: walk(x), enumerable: true, writable: true, configurable: true });
        return out;
      }
      return v;
    };
    return walk(value) as T;
  };
  return { text, deep };
}
