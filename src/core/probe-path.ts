/**
 * The reserved path of listen's self-probe (src/tunnel/probe.ts; answered by src/capture/probe-answer.ts): `/.webhook-kit/probe/<token>`,
 * also under a path prefix a reverse proxy keeps. Such a request is answered 200 and announced as
 * a 'probe' event; it is never stored, listed, counted or decoded as a provider's callback.
 */
export const PROBE_PATH = '/.webhook-kit/probe/';

const PROBE = /(?:^|\/)\.webhook-kit\/probe\/([A-Za-z0-9_-]{16,64})\/?(?:\?.*)?$/;

/** The token of a probe request, or null for every other request target. */
export function probeToken(url: string): string | null {
  if (!url.includes('/.webhook-kit/')) return null;
  return PROBE.exec(url)?.[1] ?? null;
}

/** What the server announces for each probe that reached it. */
export interface ProbeArrival {
  token: string;
  remote: string;
  /** The Host header: for a tunnel, usually the public host. */
  host: string | null;
}
