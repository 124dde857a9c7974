/** What the user's app answered, and what the provider would make of it. Stored with the capture. */
export interface ForwardResult {
  url: string;
  status: number | null;
  latencyMs: number;
  /** Plain words by the provider's rule, e.g. "Webcom Mobi would send this status again (no id_sms echo)". */
  verdict: string;
  accepted: boolean | null;
  error: string | null;
  errorKind: string | null;
}

/** A stored forward result checked field by field (old or odd rows: null); the one place it is validated. */
export function forwardOf(forward: unknown): ForwardResult | null {
  if (forward === null || typeof forward !== 'object') return null;
  const f = forward as Partial<ForwardResult>;
  if (typeof f.verdict !== 'string' || (f.status !== null && typeof f.status !== 'number')) return null;
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    url: text(f.url) ?? '',
    status: f.status,
    latencyMs: typeof f.latencyMs === 'number' ? f.latencyMs : 0,
    verdict: f.verdict,
    accepted: typeof f.accepted === 'boolean' ? f.accepted : null,
    error: text(f.error),
    errorKind: text(f.errorKind),
  };
}
