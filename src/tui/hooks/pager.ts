import { timelinesOf, type TimelineEntry } from '../../capture/correlate.js';
import type { CaptureRecord } from '../../capture/store.js';
import { viewCapture, type CaptureView } from '../../capture/view.js';
import { summarise, type RowData, type TuiSession } from '../model.js';

/** Captures read from the store per page. */
export const PAGE = 200;

type Session = Pick<TuiSession, 'store' | 'secrets'>;

const rowsOf = (s: Session, records: CaptureRecord[]): RowData[] =>
  records.map((r) => summarise(viewCapture(r, { store: s.store, secrets: s.secrets })));

const newestSeq = (s: Session): number => s.store.list({ limit: 1 })[0]?.seq ?? 0;

/** The newest page, oldest first, plus the store's total. */
export function latestPage(s: Session, limit = PAGE): { rows: RowData[]; hasOlder: boolean; hasNewer: false; total: number } {
  const total = s.store.count();
  const records = s.store.list({ limit }).reverse();
  return { rows: rowsOf(s, records), hasOlder: total > records.length, hasNewer: false, total };
}

/** The page just before `beforeSeq`, oldest first. */
export function olderPage(s: Session, beforeSeq: number, limit = PAGE): { rows: RowData[]; hasOlder: boolean } {
  const records = s.store.list({ beforeSeq, limit }).reverse();
  return { rows: rowsOf(s, records), hasOlder: records.length === limit };
}

/** The page just after `afterSeq`, oldest first (the store only pages backwards, so aim past it). */
export function newerPage(s: Session, afterSeq: number, limit = PAGE): { rows: RowData[]; hasNewer: boolean } {
  const newest = newestSeq(s);
  let records: CaptureRecord[] = [];
  // Sequence numbers only grow; a gap (deleted captures) just needs a wider aim.
  for (let span = limit; afterSeq < newest; span *= 4) {
    records = s.store.list({ beforeSeq: afterSeq + span + 1, limit: span }).filter((r) => r.seq > afterSeq);
    if (records.length || afterSeq + span >= newest) break;
  }
  const page = records.slice(-limit).reverse();
  const last = page.at(-1)?.seq ?? afterSeq;
  return { rows: rowsOf(s, page), hasNewer: last < newest };
}

/** The oldest page in the store, for `g`. */
export function oldestPage(s: Session, limit = PAGE): { rows: RowData[]; hasOlder: false; hasNewer: boolean } {
  const records: CaptureRecord[] = [];
  // Breaking out of the loop closes the statement's iterator.
  for (const r of s.store.iterate()) {
    records.push(r);
    if (records.length >= limit) break;
  }
  const last = records.at(-1)?.seq ?? 0;
  return { rows: rowsOf(s, records), hasOlder: false, hasNewer: last < newestSeq(s) };
}

/** A capture decoded in full, with the timeline of each message it reports on. */
export interface Detail {
  view: CaptureView;
  timelines: ReadonlyMap<string, TimelineEntry[]>;
}

/** Loads the selected capture for the details pane (rows keep only a summary). */
export function loadDetail(s: Session, seq: number): Detail | null {
  const record = s.store.bySeq(seq);
  if (!record) return null;
  const view = viewCapture(record, { store: s.store, secrets: s.secrets });
  const timelines = timelinesOf(s.store, view.inspection.provider, view.inspection.decoded);
  return { view, timelines };
}
