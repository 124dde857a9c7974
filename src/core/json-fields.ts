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

/** One field edit: `--set` (the field must exist) or `--add` (it may be new). */
export interface FieldEdit {
  key: string;
  value: string;
  mayAdd: boolean;
}

/** The edits of EncodeOptions, `--set` first, then `--add`. */
export function editsOf(o: { set?: Readonly<Record<string, string>>; add?: Readonly<Record<string, string>> }): FieldEdit[] {
  const of = (r: Readonly<Record<string, string>> | undefined, mayAdd: boolean): FieldEdit[] => Object.entries(r ?? {}).map(([key, value]) => ({ key, value, mayAdd }));
  return [...of(o.set, false), ...of(o.add, true)];
}

/** The name in `names` closest to `key` by edit distance, when close enough to be a typo of it. */
export function nearestName(key: string, names: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const n of names) {
    const d = distance(key.toLowerCase(), n.toLowerCase());
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best;
}

/** "did you mean X? " for the name in `names` nearest to `key` (nearestName), or "" when none is near: the hint every "use one of" line starts with. */
export function didYouMean(key: string, names: Iterable<string>): string {
  const near = nearestName(key, names);
  return near ? `did you mean ${near}? ` : '';
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** `--set` of a field the payload does not have: refused, the nearest name suggested, `--add` offered. */
export function unknownField(key: string, names: Iterable<string>, what: string): KitError {
  return new KitError('E_USAGE', `${what} has no field "${key}"; ${didYouMean(key, names)}fields: ${[...new Set(names)].join(', ')}; to add it, pass --add ${key}=<value>`);
}

/**
 * Which wire field an edit means: the wire name itself when present, else the provider's alias
 * for a normalised name. A normalised name the provider has no field for is a usage error; so
 * is any other name the payload lacks, unless the edit may add it (`--add`).
 */
export function resolveField(
  key: string,
  present: ReadonlySet<string>,
  aliases: Readonly<Record<string, string>>,
  what: string,
  mayAdd = false,
  /** The names to suggest and list, as `show` prints them (default: `present`). */
  shown: Iterable<string> = present,
): string {
  if (present.has(key)) return key;
  const alias = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
  if (alias !== undefined) return alias;
  if (NORMALISED.has(key)) {
    const fields = [...present].join(', ');
    throw new KitError('E_USAGE', `${what} has no field for "${key}"; set one of its fields instead: ${fields}`);
  }
  if (!mayAdd) throw unknownField(key, shown, what);
  return key;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** The override value in the JSON type of the field it replaces (number, or null as in `internal_id`, stays numeric). */
function typedLike(original: unknown, value: string): unknown {
  const wasNumber = typeof original === 'number' || original === null;
  return wasNumber && NUMERIC.test(value) && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** Applies field edits to a JSON record, keeping field order and each field's JSON type. */
export function overrideRecord(
  obj: Record<string, unknown>,
  edits: readonly FieldEdit[],
  aliases: Readonly<Record<string, string>>,
  what: string,
): Record<string, unknown> {
  const fields = new Map(Object.entries(obj));
  const present = new Set(fields.keys());
  for (const { key, value, mayAdd } of edits) {
    const wire = resolveField(key, present, aliases, what, mayAdd);
    fields.set(wire, typedLike(fields.get(wire), value));
  }
  // Object.fromEntries defines properties, so even a `__proto__` key stays plain data.
  return Object.fromEntries(fields);
}

/** True when the options ask for any change to a sample's fields. */
export function hasOverrides(set: Readonly<Record<string, string>> | undefined): boolean {
  return set !== undefined && Object.keys(set).length > 0;
}
