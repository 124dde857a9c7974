import { callbackUrls, type CallbackUrl } from './paste.js';
import type { TunnelState } from '../capture/session.js';

/** The NDJSON record of one tunnel change (listen --json); field names are a contract. */
export function tunnelJson(s: TunnelState): { type: 'tunnel'; engine: string; publicUrl: string | null; state: 'up' | 'down'; reachable: boolean | null; detail: string } {
  return { type: 'tunnel', engine: s.engine, publicUrl: s.publicUrl, state: s.state, reachable: s.reachable, detail: s.detail };
}

/** The status line of one tunnel change (stderr in plain-line mode; the TUI header's text). */
export function tunnelLine(s: TunnelState): string {
  if (s.state === 'down') return `tunnel ${s.engine} down: ${s.detail}`;
  // Said loudly: quick tunnels get a new name on every start, and the gateway keeps calling the old one.
  if (s.reachable === null && s.changed) return `warning: tunnel ${s.engine} came back with a NEW URL, ${s.publicUrl} (was ${s.previous ?? 'none'}): the gateway still calls the old one until you paste the new URL in its settings`;
  if (s.reachable === null) return `tunnel ${s.engine} up: ${s.publicUrl}`;
  return s.reachable ? `tunnel ${s.engine} works: ${s.detail}` : `tunnel ${s.engine} does not reach listen: ${s.detail}`;
}

/** "Paste this" lines for stderr: one provider a line, then where to paste it. */
export function pasteLines(urls: readonly CallbackUrl[]): string[] {
  const width = Math.max(...urls.map((u) => u.name.length));
  return ['paste into your gateway (callback URL):', ...urls.flatMap((u) => [`  ${u.name.padEnd(width)}  ${u.url}`, `  ${' '.repeat(width)}  ${u.note}`])];
}

/** After a restart with a new URL, the "paste this" lines again, on the new base; else none. */
export function repasteLines(s: TunnelState): string[] {
  return s.state === 'up' && s.changed && s.reachable === null && s.publicUrl ? pasteLines(callbackUrls(s.publicUrl)) : [];
}
