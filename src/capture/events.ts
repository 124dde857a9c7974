import type { KitError } from '../core/errors.js';
import type { ForwardResult } from './forward-result.js';
import type { ProbeArrival } from '../core/probe-path.js';
import type { Rotation } from './group-commit.js';
import type { CaptureView } from './view.js';

export type { Rotation } from './group-commit.js';

/** A connection Node's HTTP parser refused (not valid HTTP, headers too large, too slow). */
export interface Rejection {
  remote: string;
  status: number;
  /** One line: why, and whether anything was stored. */
  reason: string;
}

/** The server's facts, typed once: every subscriber takes its payload type from here. */
export interface CaptureEvents {
  /** A request stored and answered (or stored after its client went away). */
  capture: [CaptureView];
  /** A capture relayed to the user's app, with the app's answer judged. */
  forward: [ForwardResult];
  /** The store started failing (once per streak), or a live view failed. */
  problem: [KitError];
  /** The store writes again. */
  recovered: [string];
  /** A client sent something that is not an HTTP request. */
  rejected: [Rejection];
  /** The oldest captures were deleted to make room (--retention rotate). */
  rotated: [Rotation];
  /** listen's self-probe arrived (src/core/probe-path.ts); it is never stored. */
  probe: [ProbeArrival];
}
