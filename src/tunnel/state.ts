import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Tunnel } from './tunnel.js';

/**
 * One tunnel change, in the shape of listen's NDJSON contract
 * (`{"type":"tunnel","engine","publicUrl","state","reachable","detail"}`): `reachable` is null
 * until a probe has answered for this URL.
 */
export interface TunnelState {
  engine: string;
  publicUrl: string | null;
  state: 'up' | 'down';
  reachable: boolean | null;
  detail: string;
  /** Set on 'up' after a restart when the URL is not the one before: the gateway calls the old one. */
  changed?: boolean;
}

/** Calls `listener` with a TunnelState on every 'up', 'probe' and 'down'; returns the unsubscribe. */
export function onTunnelState(tunnel: Tunnel, listener: (s: TunnelState) => void): () => void {
  const engine = tunnel.label;
  const up = ({ publicUrl, changed }: { publicUrl: string; changed: boolean }): void =>
    listener({ engine, publicUrl, state: 'up', reachable: null, detail: `${engine} gives ${publicUrl}`, ...(changed ? { changed } : {}) });
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
