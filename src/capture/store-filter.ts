import { EXACT, FACETS, type FacetKey, type Facts, type Filter } from './filter.js';

/**
 * A capture's filter facts as stored with it (migration v6): what factsOf() computed when it
 * arrived, and the key of what they depend on (store-facts.ts factsKeyOf: the secrets, which
 * decide the signature state and what is masked, and this webhook-kit's decoders).
 */
export interface StoredFacts {
  key: string;
  facts: Facts;
}

const COLUMN: Readonly<Record<FacetKey, string>> = {
  provider: 'f_provider',
  event: 'f_event',
  outcome: 'f_outcome',
  messageId: 'f_message_id',
  phone: 'f_phone',
  signature: 'f_signature',
  flag: 'f_flag',
};

/** The facts columns in the order factValues() gives them. */
export const FACT_COLUMNS = ['facts_key', ...FACETS.map((k) => COLUMN[k]), 'f_text'] as const;

const NO_FACTS: ReadonlyArray<null> = FACT_COLUMNS.map(() => null);

/** The values of FACT_COLUMNS for an insert; NULLs for a capture stored without facts (decoded when filtered). */
export function factValues(s: StoredFacts | null | undefined): ReadonlyArray<string | null> {
  if (!s) return NO_FACTS;
  const k = s.facts.keys;
  return [s.key, k.provider, k.event, k.outcome, k.messageId, k.phone, k.signature, k.flag, s.facts.haystack];
}

// A term with a UTF-16 surrogate may match in JavaScript what SQLite's UTF-8 (a lone surrogate
// stored as U+FFFD) does not: such a term is left to matches() on the decoded capture.
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The WHERE clause that keeps the rows `f` may match: its time bounds, and for rows whose facts
 * were stored under `key`, each term in SQLite (instr() is the substring test of matches(); the
 * whole-word facets are searched space-delimited). Rows stored without facts, or under another
 * key, pass: the caller decodes every row it gets and judges it with matches(), the one
 * definition, so this clause only has to never drop a row matches() would keep.
 */
export function filterWhere(f: Filter, key: string | null): { sql: string; params: Array<string | number> } {
  const where = ['received_at >= ?', 'received_at <= ?'];
  const params: Array<string | number> = [f.since ?? -Number.MAX_SAFE_INTEGER, f.until ?? Number.MAX_SAFE_INTEGER];
  if (key === null) return { sql: where.join(' AND '), params };
  const terms: string[] = [];
  const termParams: string[] = [];
  for (const k of FACETS) {
    for (const n of f[k]) {
      if (SURROGATE.test(n)) continue;
      if (EXACT.has(k)) {
        terms.push(`instr(' ' || ${COLUMN[k]} || ' ', ?) > 0`);
        termParams.push(` ${n} `);
      } else {
        terms.push(`instr(${COLUMN[k]}, ?) > 0`);
        termParams.push(n);
      }
    }
  }
  for (const t of f.text) {
    if (SURROGATE.test(t)) continue;
    terms.push('instr(f_text, ?) > 0');
    termParams.push(t);
  }
  if (terms.length) {
    where.push(`(facts_key IS NOT ? OR (${terms.join(' AND ')}))`);
    params.push(key, ...termParams);
  }
  return { sql: where.join(' AND '), params };
}
