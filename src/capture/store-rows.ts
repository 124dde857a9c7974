import { forwardOf } from './forward-result.js';
import type { CaptureRecord, NewCapture } from './store.js';

/** A row of the captures table as better-sqlite3 returns it. */
export interface Row {
  seq: number;
  id: string;
  received_at: number;
  method: string;
  url: string;
  headers: string;
  remote: string;
  body: Buffer;
  size: number | null;
  truncated: number;
  answer_status: number | null;
  answer_headers: string | null;
  answer_body: Buffer | null;
  replay_of: string | null;
  forward: string | null;
  /** Since schema v6 (ROW_COLUMNS leaves it out of older stores). */
  public_url?: string | null;
  /** Since v6: the flags listen gave the capture (store-facts.ts), NULL where no facts were stored. */
  f_flag?: string | null;
}

/** The columns a record is read from (SELECT *, since v6, would also fetch the filter facts). */
export const rowColumns = (hasV6: boolean): string =>
  `seq, id, received_at, method, url, headers, remote, body, size, truncated, answer_status, answer_headers, answer_body, replay_of, forward${hasV6 ? ', public_url, f_flag' : ''}`;

export function fromRow(r: Row): CaptureRecord {
  return {
    seq: r.seq,
    id: r.id,
    receivedAt: r.received_at,
    method: r.method,
    url: r.url,
    headers: JSON.parse(r.headers) as Array<[string, string]>,
    remote: r.remote,
    body: r.body,
    size: r.size,
    truncated: r.truncated === 1,
    answer:
      r.answer_status === null
        ? null
        : {
            status: r.answer_status,
            headers: JSON.parse(r.answer_headers ?? '[]') as Array<[string, string]>,
            body: r.answer_body ?? Buffer.alloc(0),
          },
    replayOf: r.replay_of,
    forward: r.forward === null ? null : forwardOf(JSON.parse(r.forward)),
    publicUrl: r.public_url ?? null,
    // `likely-duplicate` is judged against listen's recent memory, which no later reader has (correlate.ts RecentContent).
    likelyDuplicate: r.f_flag ? r.f_flag.split(' ').includes('likely-duplicate') : false,
  };
}

/** The record of a capture just inserted as `seq` with `id`. */
export function recordOf(seq: number, id: string, c: NewCapture): CaptureRecord {
  // A literal, not `{ ...c, seq, id }`: keys added to a spread copy are slow in Node 20's V8.
  return {
    method: c.method,
    url: c.url,
    headers: c.headers,
    body: c.body,
    receivedAt: c.receivedAt,
    remote: c.remote,
    size: c.size,
    truncated: c.truncated,
    answer: c.answer,
    replayOf: c.replayOf ?? null,
    seq,
    id,
    forward: c.forward ?? null,
    publicUrl: c.publicUrl ?? null,
  };
}
