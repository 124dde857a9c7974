import { DEFAULTS } from '../core/defaults.js';
import type { RespondOverride } from './answer.js';
import type { ForwardOptions } from './forward.js';
import type { Retention } from './group-commit.js';
import type { Store } from './store.js';

// What a CaptureServer (server.ts) is built with, and the limits it enforces.

/** Limits against slow and abusive clients; documented in the README. */
export const LIMITS = {
  maxHeaderSize: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: DEFAULTS.requestTimeoutMs,
  keepAliveTimeoutMs: 5_000,
  /** Past max-body we keep reading (and discarding) this many bytes to learn the true length. */
  drainFactor: 16,
  /** How long answers in flight (a --respond-delay, a slow app) may take to finish when listen stops. */
  closeGraceMs: 1000,
} as const;

export interface CaptureServerOptions {
  store: Store;
  host: string;
  port: number;
  maxBody: number;
  secrets?: Readonly<Record<string, string>>;
  respond?: RespondOverride;
  /** Stand in front of the user's app: relay every capture and answer with the app's answer. */
  forward?: ForwardOptions;
  /** What to do when the store is full or at --max-captures (default: refuse, answering 500). */
  retention?: Retention;
  /** Randomness for --fail-rate (an argument so tests can fix it). */
  random?: () => number;
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** PEM certificate and key: serve HTTPS (`listen --tls`). */
  tls?: { cert: string | Buffer; key: string | Buffer };
}
