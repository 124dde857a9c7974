import type { RawResponse } from './raw-request.js';

/** What one HTTP exchange gave (src/http/send-once.ts makes it; send, forward and replay judge it). */
export interface HttpResult {
  response: RawResponse | null;
  latencyMs: number;
  error: { kind: 'unreachable' | 'timeout' | 'reset' | 'tls' | 'interrupted' | 'other'; text: string } | null;
  /** The answer body was cut at the answer limit. */
  cut: boolean;
}
