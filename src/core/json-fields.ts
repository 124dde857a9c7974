import { KitError } from './errors.js';

/**
 * Field helpers for providers whose payloads are flat records (Webcom Mobi items, SMSGateway24
 * objects, Zender's `data[...]`). Provider-neutral: shared by the JSON and form providers.
 */

/** A plain object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A scalar field as text (numbers and strings alike), else null. */
export function fieldText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/**
 * An id as text; a JSON number past 2^53 was already rounded by JSON.parse, so say so
 * rather than show a silently wrong id.
 */
export function idText(v: unknown, field: string, problems: string[]): string | null {
  if (typeof v === 'number' && !Number.isSafeInteger(v) && Number.isInteger(v)) {
    problems.push(`${field} ${String(v)} is past 2^53 and lost precision in JSON`);
  }
  return fieldText(v);
}

/** `{ unknown }` holding the fields not in `known` as received, or `{}` when there are none. */
export function unknownPart(
  obj: Record<string, unknown>,
  known: ReadonlySet<string>,
): { unknown?: Record<string, unknown> } {
  const rest = Object.entries(obj).filter(([k]) => !known.has(k));
  return rest.length ? { unknown: Object.fromEntries(rest) } : {};
}

/** Normalised field names `--set` accepts besides wire names (EncodeOptions.set). */
const NORMALISED = new Set(['messageId', 'phone', 'status', 'text', 'to', 'time']);

/**
 * Which wire field a `--set` key means: the wire name itself when present, else the
 * provider's alias for a normalised name, else a new wire field. A normalised name the
 * provider has no field for is a usage error, not a silently added field.
 */
export function resolveField(
  key: string,
  present: ReadonlySet<string>,
  aliases: Readonly<Record<string, string>>,
  what: string,
): string {
  if (present.has(key)) return key;
  const alias = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
  if (alias !== undefined) return alias;
  if (NORMALISED.has(key)) {
    const fields = [...present].join(', ');
    throw new KitError('E_USAGE', `${what} has no field for "${key}"; set one of its fields instead: ${fields}`);
  }
  return key;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** The override value in the JSON type of the field it replaces (number, or null as in `internal_id`, stays numeric). */
function typedLike(original: unknown, value: string): unknown {
  const wasNumber = typeof original === 'number' || original === null;
  return wasNumber && NUMERIC.test(value) && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** Applies `--set` overrides to a JSON record, keeping field order and each field's JSON type. */
export function overrideRecord(
  obj: Record<string, unknown>,
  set: Readonly<Record<string, string>>,
  aliases: Readonly<Record<string, string>>,
  what: string,
): Record<string, unknown> {
  const fields = new Map(Object.entries(obj));
  const present = new Set(fields.keys());
  for (const [key, value] of Object.entries(set)) {
    const wire = resolveField(key, present, aliases, what);
    fields.set(wire, typedLike(fields.get(wire), value));
  }
  // Object.fromEntries defines properties, so even a `__proto__` key stays plain data.
  return Object.fromEntries(fields);
}

/** True when the options ask for any change to a sample's fields. */
export function hasOverrides(set: Readonly<Record<string, string>> | undefined): boolean {
  return set !== undefined && Object.keys(set).length > 0;
}
