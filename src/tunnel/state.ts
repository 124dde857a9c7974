import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { headerValue } from '../core/raw-request.js';
import type { TunnelState, TunnelView } from '../core/tunnel-state.js';
import type { Tunnel } from './tunnel.js';

export type { TunnelState, TunnelView } from '../core/tunnel-state.js';


/** Calls `listener` with a TunnelState on every 'up', 'probe' and 'down'; returns the unsubscribe. */
export function onTunnelState(tunnel: Tunnel, listener: (s: TunnelState) => void): () => void {
  const engine = tunnel.label;
  const up = ({ publicUrl, changed, previous }: { publicUrl: string; changed: boolean; previous?: string | null }): void =>
    listener(
      changed
        ? { engine, publicUrl, state: 'up', reachable: null, detail: `${engine} gives a new URL, ${publicUrl} (was ${previous ?? 'none'}): the gateway still calls the old one until you paste the new URL in its settings`, changed, previous: previous ?? null }
        : { engine, publicUrl, state: 'up', reachable: null, detail: `${engine} gives ${publicUrl}` },
    );
  const probe = ({ publicUrl, reachable, detail }: { publicUrl: string; reachable: boolean; detail: string }): void =>
    listener({ engine, publicUrl, state: 'up', reachable, detail });
  const down = ({ detail, restarting }: { detail: string; restarting: boolean }): void =>
    listener({ engine, publicUrl: tunnel.publicUrl, state: 'down', reachable: null, detail: restarting ? `${detail}; restarting` : detail });
  tunnel.on('up', up);
  tunnel.on('probe', probe);
  tunnel.on('down', down);
  return () => {
    tunnel.off('up', up);
    tunnel.off('probe', probe);
    tunnel.off('down', down);
  };
}

/** The TunnelView of a started tunnel, for ListenSession.tunnel. */
export function tunnelView(tunnel: Tunnel): TunnelView {
  let now: TunnelState = {
    engine: tunnel.label,
    publicUrl: tunnel.publicUrl,
    state: 'up',
    reachable: tunnel.lastProbe?.reachable ?? null,
    detail: tunnel.lastProbe?.detail ?? `${tunnel.label} gives ${tunnel.publicUrl}`,
  };
  onTunnelState(tunnel, (s) => void (now = s));
  return {
    engine: tunnel.label,
    state: () => now,
    onChange: (listener) => onTunnelState(tunnel, listener),
    calledUrl: (headers, url) => calledUrl(tunnel.publicUrl, headers, url),
  };
}

/**
 * What the gateway called: the public origin plus the request target, when the request's Host
 * (or X-Forwarded-Host, set by some proxies that rewrite Host) is the public URL's host.
 */
export function calledUrl(publicUrl: string | null, headers: ReadonlyArray<readonly [string, string]>, url: string): string | null {
  if (!publicUrl) return null;
  const pub = new URL(publicUrl);
  const hosts = [headerValue(headers, 'host'), headerValue(headers, 'x-forwarded-host')]
    .filter((h): h is string => !!h)
    .map((h) => h.split(',')[0]!.trim().toLowerCase());
  // Host may leave out the default port; URL.host does too.
  if (!hosts.some((h) => h === pub.host || h.replace(/:(?:80|443)$/, '') === pub.host)) return null;
  return `${pub.origin}${url.startsWith('/') ? url : `/${url}`}`;
}

/** Where the last run's public URL is kept: beside the store file. */
export const lastUrlFile = (storeFile: string): string => join(dirname(storeFile), 'last-public-url');

/**
 * Records `url` as the public URL of this run and returns the previous run's (null the first time
 * or when unreadable), for urlChangedWarning(). A file that cannot be written is not worth failing
 * listen for: the warning is a courtesy.
 */
export function rememberPublicUrl(file: string, url: string): string | null {
  let previous: string | null = null;
  try {
    previous = readFileSync(file, 'utf8').trim() || null;
  } catch {
    previous = null;
  }
  try {
    writeFileSync(`${file}.tmp`, `${url}\n`, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  } catch {
    // Read-only store directory: no warning next time, nothing else lost.
  }
  return previous;
}

/**
 * The URL the gateway was told last time differs from this one: quick tunnels (cloudflared,
 * localhost.run, serveo) get a new name on every start, and the gateway keeps calling the old one.
 */
export function urlChangedWarning(previous: string | null, current: string): string | null {
  if (!previous || previous.replace(/\/+$/, '') === current.replace(/\/+$/, '')) return null;
  return `the public URL changed since the last run (was ${previous}, now ${current}): the gateway still calls the old one until you paste the new URL in its settings`;
}
