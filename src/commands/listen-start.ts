import { readFileSync } from 'node:fs';
import type { ChalkInstance } from 'chalk';
import { dirname, join } from 'node:path';
import type { Io } from '../core/io.js';
import { toSafeJson, toSafeText } from '../core/safe-text.js';
import { CaptureServer } from '../capture/server.js';
import type { ListenSession, ListenView, TunnelView } from '../capture/session.js';
import { defaultStorePath } from '../capture/store-path.js';
import { paintFor } from '../output/paint.js';
import type { Inspector } from '../inspector/index.js';
import type { TunnelSpec } from '../tunnel/spec.js';
import type { Tunnel } from '../tunnel/tunnel.js';
import { ensureLocalCert, loadTlsFiles, type TlsMaterial } from '../tunnel/tls.js';

// Parts of listen's start-up that reach beyond the capture server: TLS material, the tunnel or
// public URL, the browser inspector. commands/listen.ts runs them in order.

/**
 * The browser inspector, one more ListenView of the session (src/inspector/view.ts), attached
 * before the ready line, which names its URL; loaded only when on. A port that cannot be served
 * is said, never fatal.
 */
export async function startInspectorView(session: ListenSession, port: number, say: (line: string) => void, err: ChalkInstance): Promise<{ view: ListenView; url: string } | undefined> {
  const { inspectorView } = await import('../inspector/view.js');
  let started: Inspector | undefined;
  const view = inspectorView({
    port,
    onStart: (i) => (started = i),
    onError: (e) => say(err.yellow(`webhook-kit: the browser inspector is not served (${e.message}); listen goes on without it`)),
  });
  await view.attach(session);
  if (!started) return undefined;
  if (started.fellBack) say(err.yellow(`webhook-kit: port ${port} is in use, so the inspector is on ${started.url} instead`));
  return { view, url: started.url };
}

/** --tls: the user's files, or the local CA's leaf for 127.0.0.1, localhost and the LAN addresses. */
export async function tlsFor(flags: { certFile?: string; keyFile?: string }, lanHosts: readonly string[], env: NodeJS.ProcessEnv): Promise<TlsMaterial & { caPem?: string }> {
  if (flags.certFile && flags.keyFile) return loadTlsFiles(flags.certFile, flags.keyFile);
  // Beside the default store, whatever --store says: the phone trusts this CA once, for every store.
  const made = await ensureLocalCert(lanHosts, { dir: join(dirname(defaultStorePath(env)), 'tls') });
  return { ...made, caPem: made.caFile ? readFileSync(made.caFile, 'utf8') : undefined };
}

/**
 * Starts the engine (or takes --public-url), probes it, and returns what start-up tells: the
 * session's TunnelView, the stderr lines (URL, probe, "paste this", a changed URL) and the NDJSON
 * tunnel line. The tunnel module loads only here.
 */
export async function startTunnel(
  spec: TunnelSpec,
  server: CaptureServer,
  storeFile: string,
  caPem: string | undefined,
  io: Io,
  started: (t: Tunnel) => void,
): Promise<{ view: TunnelView; lines: string[]; json: string | null }> {
  const t = await import('../tunnel/index.js');
  const { tunnelJson, tunnelLine, pasteLines } = await import('../output/tunnel-lines.js');
  const { callbackUrls } = await import('../output/paste.js');
  const err = paintFor(io.stderr, io.env);
  const tunnel = new t.Tunnel(spec, { env: io.env, awaitArrival: t.arrivalsFrom(server), probeCa: caPem });
  started(tunnel);
  const url = await tunnel.start(server.port);
  const view = t.tunnelView(tunnel);
  const state = view.state();
  const safe = (s: string): string => toSafeText(s, { oneLine: true });
  const lines = [
    safe(tunnelLine({ ...state, reachable: null })),
    state.reachable === null ? '' : state.reachable ? err.green(safe(tunnelLine(state))) : err.red(safe(tunnelLine(state))),
    ...pasteLines(callbackUrls(url)).map((l) => err.dim(safe(l))),
  ].filter(Boolean);
  const changed = t.urlChangedWarning(t.rememberPublicUrl(t.lastUrlFile(storeFile), url), url);
  // A new URL after a restart is the one the next run compares with.
  view.onChange((s) => {
    if (s.state === 'up' && s.changed && s.publicUrl) t.rememberPublicUrl(t.lastUrlFile(storeFile), s.publicUrl);
  });
  if (changed) lines.push(err.yellow.bold(`warning: ${safe(changed)}`));
  return { view, lines, json: toSafeJson(tunnelJson(state)) };
}
