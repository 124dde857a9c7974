// The public URL's state, shared by src/tunnel/ (which makes it) and the views (which draw it).

/**
 * One state of the public URL, in the shape of listen's NDJSON `tunnel` line
 * (`{"type":"tunnel","engine","publicUrl","state","reachable","detail"}`): `reachable` is null
 * until a probe has answered for this URL.
 */
export interface TunnelState {
  engine: string;
  publicUrl: string | null;
  state: 'up' | 'down';
  reachable: boolean | null;
  detail: string;
  /** On 'up' after a restart, when the URL is not the one before: the gateway calls the old one. */
  changed?: boolean;
  /** With `changed`: the URL before, the one the gateway still calls. */
  previous?: string | null;
}

/** The public URL as a live view sees it (built by src/tunnel/state.ts tunnelView, ListenSession.tunnel). */
export interface TunnelView {
  engine: string;
  state: () => TunnelState;
  /** Calls `listener` on each change after start-up; returns the unsubscribe. */
  onChange: (listener: (s: TunnelState) => void) => () => void;
  /** The public URL a request was called on (its Host is the public host), else null (LAN, loopback). */
  calledUrl: (headers: ReadonlyArray<readonly [string, string]>, url: string) => string | null;
}
