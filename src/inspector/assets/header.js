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
    h('span', { title: 'per-provider callback URLs' }, s.routes.map((r) => h('span', {}, `${r.provider}: `, h('span', { class: 'url' }, r.url), ' '))),
    s.forward ? h('span', { id: 'forward' }, `app ${s.forward.target}: ${s.forward.state}`) : null);
}

/** A change of the app's health (`event: health`). */
export function drawForward(change) {
  const el = document.getElementById('forward');
  if (el) fill(el, change.up ? `app ${target}: up` : change.text);
}
