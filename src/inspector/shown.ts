import { toSafeText } from '../core/safe-text.js';

/**
 * `value` with every string in it (keys too) as display text (core/safe-text.ts: control, bidi
 * and invisible characters as escapes), for what the page draws: it inserts text as it comes,
 * so the escaping has one home, the same as the terminal's.
 */
export function shown<T>(value: T): T {
  if (typeof value === 'string') return toSafeText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(shown) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[toSafeText(k)] = shown(v);
  return out as T;
}
