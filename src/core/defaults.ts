/** Defaults that more than one place needs (flags, help text, the server, views): one home each. */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8686,
  /** Largest body stored in full (`--max-body`). */
  maxBody: 1024 * 1024,
  /** Clients slower than this to send a request are dropped (`listen --request-timeout`). */
  requestTimeoutMs: 30_000,
  /** How long listen waits for the user's app (`--forward-timeout`), and replay for its target. */
  forwardTimeoutMs: 10_000,
  replayTimeoutMs: 10_000,
  /** The browser inspector's loopback port (`listen --inspector-port`); busy: a free one. */
  inspectorPort: 4680,
} as const;

/** The URL listen answers on with the default host and port (help text, the TUI's fallback). */
export const DEFAULT_URL = `http://${DEFAULTS.host}:${DEFAULTS.port}`;
