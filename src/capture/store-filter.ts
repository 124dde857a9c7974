import type Database from 'better-sqlite3';
import { EXACT, FACETS, type FacetKey, type Filter } from './filter.js';
import { providerById } from '../providers/registry.js';

/**
 * A capture's filter facts as stored with it (migration v6): what factsOf() computes, in the
 * parts of its haystack (joined by spaces, as factsOf joins them), and the key of what they
 * depend on (store-facts.ts factsKeyOf: the secrets, and this webhook-kit's decoders).
 */
export interface StoredFacts {
  key: string;
  keys: Record<FacetKey, string>;
  /** Id, method, path and the facets, as the haystack holds them. */
  head: string;
  meaning: string;
  /** Status meanings recur: stored once in fact_texts, the row holding its id. */
  sharedMeaning: boolean;
  /** The body text as the haystack holds it; null when it is the body's own ASCII bytes (SQLite lower-cases them). */
  body: string | null;
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
export const FACT_COLUMNS = ['facts_key', ...FACETS.map((k) => COLUMN[k]), 'f_head', 'f_meaning', 'f_body'] as const;

const NO_FACTS: ReadonlyArray<null> = FACT_COLUMNS.map(() => null);

/** The values of FACT_COLUMNS for an insert (`textId` numbers a recurring text); NULLs for a capture stored without facts. */
export function factValues(s: StoredFacts | null | undefined, textId: (text: string) => number): ReadonlyArray<string | number | null> {
  if (!s) return NO_FACTS;
  const k = s.keys;
  return [textId(s.key), k.provider, k.event, k.outcome, k.messageId, k.phone, k.signature, k.flag, s.head, s.sharedMeaning ? textId(s.meaning) : s.meaning, s.body];
}

/** The haystack of factsOf(), rebuilt from the stored parts. */
// better-sqlite3 binds a JS number as a REAL: a fact_texts id in the untyped f_meaning column is 'real'.
const HAYSTACK =
  "f_head || ' ' || (CASE WHEN typeof(f_meaning) IN ('integer', 'real') THEN (SELECT text FROM fact_texts WHERE id = f_meaning) ELSE f_meaning END)" +
  " || ' ' || coalesce(f_body, lower(substr(CAST(body AS TEXT), 1, 2000)))";

// A term with a UTF-16 surrogate may match in JavaScript what SQLite's UTF-8 (a lone surrogate
// stored as U+FFFD) does not: such a term is left to matches() on the decoded capture.
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The WHERE clause that keeps the rows `f` may match: its time bounds, and for rows whose facts
 * were stored under `key`, each term in SQLite (instr() is the substring test of matches(); the
 * whole-word facets are searched space-delimited). A batch's event terms are tested over all its
 * events here, so it may pass when no one event holds them all: matches() settles that. Rows stored without facts, or under another
 * key (a fact_texts id), pass: the caller decodes every row it gets and judges it with matches(), the one
 * definition, so this clause only has to never drop a row matches() would keep.
 */
export function filterWhere(f: Filter, key: number | null): { sql: string; params: Array<string | number> } {
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
      } else if (k === 'provider' && providerById(n)) {
        // A provider's id means that provider only (filter.ts termHolds): smsgate is not smsgateway24.
        terms.push(`${COLUMN[k]} = ?`);
        termParams.push(n);
      } else {
        terms.push(`instr(${COLUMN[k]}, ?) > 0`);
        termParams.push(n);
      }
    }
  }
  for (const t of f.text) {
    if (SURROGATE.test(t)) continue;
    terms.push(`instr(${HAYSTACK}, ?) > 0`);
    termParams.push(t);
  }
  if (terms.length) {
    where.push(`(facts_key IS NOT ? OR (${terms.join(' AND ')}))`);
    params.push(key, ...termParams);
  }
  return { sql: where.join(' AND '), params };
}

/** The texts that recur in facts (their key, status meanings), stored once each in fact_texts. */
export class FactTexts {
  private readonly ids = new Map<string, number>();
  constructor(private readonly db: Database.Database) {}

  /** The id of `text`, stored on first use (inside the insert's transaction). */
  readonly id = (text: string): number => {
    let id = this.ids.get(text) ?? this.find(text);
    if (id === null) id = Number(this.db.prepare('INSERT INTO fact_texts (text) VALUES (?)').run(text).lastInsertRowid);
    this.ids.set(text, id);
    return id;
  };

  /** The id of a stored text, null when none is stored. */
  find(text: string): number | null {
    return (this.db.prepare('SELECT id FROM fact_texts WHERE text = ? ORDER BY id LIMIT 1').pluck().get(text) as number | undefined) ?? null;
  }

  /** After a rollback: texts first stored in it are gone again. */
  forget(): void {
    this.ids.clear();
  }
}
