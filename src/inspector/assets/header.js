// The page's header: where the listener answers, each provider's callback URL, your app's health.
import { api, fill, h } from './dom.js';

let target = '';

/** Draws the session into `el`; with --forward-to, `list` gets its APP column. */
export async function drawSession(el, list) {
  const s = await api('/api/session');
  target = s.forward?.target ?? '';
  if (s.forward) list.classList.remove('no-app');
  fill(el,
    h('span', {}, 'listening on ', s.urls.map((u) => h('span', { class: 'url' }, `${u} `))),
    s.tunnel ? h('span', { id: 'tunnel' }, tunnelText(s.tunnel)) : null,
    s.callbacks.length ? h('details', { id: 'callbacks' }, h('summary', {}, 'paste into your gateway'), s.callbacks.map((c) => h('div', {}, `${c.name}: `, h('span', { class: 'url' }, c.url), ` (${c.note})`))) : null,
    h('span', { title: 'per-provider callback URLs' }, s.routes.map((r) => h('span', {}, `${r.provider}: `, h('span', { class: 'url' }, r.url), ' '))),
    s.forward ? h('span', { id: 'forward' }, `app ${s.forward.target}: ${s.forward.state}`) : null);
}

/** The public URL and its probe, in words (the TUI header says the same). */
function tunnelText(t) {
  if (t.state === 'down') return `public URL: tunnel DOWN (${t.detail ?? ''})`;
  const probe = t.reachable === true ? 'probe ok' : t.reachable === false ? `probe FAILED: ${t.detail ?? ''}` : 'probe pending';
  return `public ${t.publicUrl ?? '?'} (${probe})`;
}

/** A change of the tunnel (`event: tunnel`): a new URL, down, or a probe result. */
export function drawTunnel(state) {
  const el = document.getElementById('tunnel');
  if (el) fill(el, tunnelText(state));
}

/** A change of the app's health (`event: health`). */
export function drawForward(change) {
  const el = document.getElementById('forward');
  if (el) fill(el, change.up ? `app ${target}: up` : change.text);
}
