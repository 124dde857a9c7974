import type { RawRequest, RawResponse } from '../core/raw-request.js';
import type { ForwardResult } from './forward-result.js';
import type { StoredFacts } from './store-filter.js';

/** One stored request, exactly as received, plus what webhook-kit answered. */
export interface CaptureRecord extends RawRequest {
  seq: number;
  id: string;
  /** Epoch milliseconds. */
  receivedAt: number;
  remote: string;
  /** The true body length (more than body.length when truncated), or null when unknown. */
  size: number | null;
  truncated: boolean;
  answer: RawResponse | null;
  replayOf: string | null;
  /** What the user's app answered (`--forward-to`) or a replay's target; null for other captures. */
  forward: ForwardResult | null;
  /** The public URL the gateway called (listen --tunnel/--public-url); null (or absent) otherwise and in stores before schema v6. */
  publicUrl?: string | null;
  /** listen flagged it `likely-duplicate` when it arrived (stored since v6); a stored capture's other flags are recomputed from the store. */
  likelyDuplicate?: boolean;
}

export type NewCapture = Omit<CaptureRecord, 'seq' | 'id' | 'replayOf' | 'forward' | 'publicUrl' | 'likelyDuplicate'> &
  Partial<Pick<CaptureRecord, 'replayOf' | 'forward' | 'publicUrl'>>;

/** A capture to insert; `facts` gives its filter facts once it is numbered (store-facts.ts storedFactsOf). */
export interface InsertItem {
  capture: NewCapture;
  events: readonly IndexedEvent[];
  facts?: (record: CaptureRecord) => StoredFacts | null;
}

/** What was answered for a stored capture (null: none reached the client), and what the app said (null: not forwarded). */
export type Outcome = { seq: number; answer: RawResponse | null; forward: ForwardResult | null };

/** A decoded status event to index with its capture. */
export interface IndexedEvent {
  provider: string;
  messageId: string;
  code: string;
  /** DecodedEvent.part: which report of a per-part status (null: not told, or not per part). */
  part?: string | null;
}

/** One earlier status of a message as correlation reads it: its code, and its part (IndexedEvent.part). */
export interface StatusReport {
  code: string;
  part: string | null;
}

/** A status event as indexed for correlation. */
export interface IndexedStatusRow {
  captureSeq: number;
  captureId: string;
  receivedAt: number;
  code: string;
  part: string | null;
}
