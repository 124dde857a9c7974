// The list of captures: its first page and each new capture from one event stream, older pages
// from the store on demand, the selection. It follows the newest capture while scrolled to the top.
import { api, fill } from './dom.js';
import { drawForward, drawTunnel } from './header.js';
import { fillRow, rowOf } from './list.js';

const PAGE = 60;
// Rows kept on the page; older ones are dropped and paged in again from the store on demand.
const MAX_ROWS = 500;
// At most this many captures a window of the stream (`?max=`; src/inspector/feed.ts): under a
// burst the server sends the newest of each window and the page redraws once a window.
const DRAW_MAX = 60;

const $ = (id) => document.getElementById(id);
const rows = $('rows');
const pane = $('list-pane');
const list = { q: '', next: null, ids: new Set(), selected: null, unseen: 0, events: null, generation: 0, pending: [], overflowed: false, drawQueued: false };
let hooks = { say: () => undefined, pick: () => undefined, isOpen: () => false };

const allRows = () => [...rows.querySelectorAll('tr.row')];
const following = () => pane.scrollTop <= 4;

/** Marks `id` selected (and scrolls it into view unless `scroll` is false). */
export function select(id, { scroll = true } = {}) {
  for (const r of rows.querySelectorAll('tr[aria-selected="true"]')) r.setAttribute('aria-selected', 'false');
  list.selected = id;
  const tr = id && allRows().find((r) => r.dataset.id === id);
  if (tr) {
    tr.setAttribute('aria-selected', 'true');
    if (scroll) tr.scrollIntoView({ block: 'nearest' });
  }
}

export const selected = () => list.selected;

function counts() {
  hooks.say(`${rows.children.length} shown${list.q ? ` matching "${list.q}"` : ''}${list.next ? ' · more below' : ''}`);
}

function noteApp(c) {
  if (c.forward) $('list').classList.remove('no-app');
}

function clear() {
  list.generation++;
  rows.replaceChildren();
  list.ids.clear();
  list.pending = [];
  list.overflowed = false;
  list.next = null;
}

/** A page of the list API's answer, below the rows there are. */
function applyPage(page) {
  for (const c of page.captures) {
    if (list.ids.has(c.id)) continue;
    list.ids.add(c.id);
    noteApp(c);
    rows.append(rowOf(c));
  }
  list.next = page.next;
  $('older').hidden = !page.next;
  counts();
  if (!page.captures.length && page.next) hooks.say(`looked at ${page.scanned} older captures, none match "${list.q}"; load older to look further`);
  // A word that can match nothing: its line alone, which the status area shows whole up to "did you mean".
  if (!rows.children.length && !page.next) hooks.say(page.problem ?? (list.q ? `no capture matches "${list.q}"` : 'no captures yet: send one to the listener'));
  // A deep link may have named its capture before the list had it.
  if (list.selected) select(list.selected, { scroll: false });
  else if (rows.firstElementChild) select(rows.firstElementChild.dataset.id, { scroll: false });
}

let loading = null;
/** Adds a page of older captures at the bottom: one at a time for a list (scrolling fires many events). */
export function loadOlder() {
  // A new list (another filter) does not wait for the old one's.
  if (loading?.gen !== list.generation) {
    const mine = { gen: list.generation, done: null };
    mine.done = loadPage().finally(() => {
      if (loading === mine) loading = null;
    });
    loading = mine;
  }
  return loading.done;
}

async function loadPage() {
  const gen = list.generation;
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (list.q) params.set('q', list.q);
  if (list.next) params.set('before', list.next);
  hooks.say('loading…');
  try {
    const page = await api(`/api/captures?${params}`);
    if (gen === list.generation) applyPage(page);
  } catch (e) {
    hooks.say(`could not load captures: ${e.message}`);
  }
}

function noteUnseen(n) {
  list.unseen += n;
  $('newer').hidden = false;
  fill($('newer'), `↑ ${list.unseen} new`);
}

/** A new capture from the stream; those of one chunk of it are drawn together, at the next frame. */
function arrived(c) {
  // Scrolled away: the list stays still; the badge counts, and scrolling back up reloads the top.
  if (!following()) return noteUnseen(1);
  list.pending.push(c);
  if (!list.drawQueued) {
    list.drawQueued = true;
    requestAnimationFrame(drawArrived);
  }
}

/** New captures on top, in one layout. */
function drawArrived() {
  list.drawQueued = false;
  // Read before the rows change: a read after them would force a layout of its own.
  const atTop = pane.scrollTop === 0;
  // The server left captures out of a burst: the list restarts from the newest it sent, reusing
  // the rows there are (older ones page in from the store, so nothing is lost, only not drawn).
  const restart = list.overflowed;
  list.overflowed = false;
  const fresh = (restart ? list.pending : list.pending.filter((c) => !list.ids.has(c.id))).reverse();
  list.pending = [];
  if (!fresh.length) return;
  const wasTop = rows.firstElementChild?.dataset.id ?? null;
  if (restart) {
    // A page still loading belongs to the list before this one.
    list.generation++;
    list.ids.clear();
    const trs = [...rows.children];
    fresh.forEach((c, i) => (trs[i] ? fillRow(trs[i], c) : rows.append(rowOf(c))));
    for (const tr of trs.slice(fresh.length)) tr.remove();
    list.next = rows.lastElementChild.dataset.id;
  } else {
    const frag = document.createDocumentFragment();
    for (const c of fresh) frag.append(rowOf(c));
    rows.prepend(frag);
  }
  for (const c of fresh) {
    list.ids.add(c.id);
    noteApp(c);
  }
  while (rows.children.length > MAX_ROWS) {
    list.ids.delete(rows.lastElementChild.dataset.id);
    rows.lastElementChild.remove();
    list.next = rows.lastElementChild.dataset.id;
  }
  $('older').hidden = !list.next;
  if (!atTop) pane.scrollTop = 0;
  // Following: the selection follows the newest too, unless details are open.
  if (!hooks.isOpen() && (list.selected === null || list.selected === wasTop || restart)) select(fresh[0].id, { scroll: false });
  else if (restart && list.selected) select(list.selected, { scroll: false });
  counts();
}

/** Back at the top after new captures came: the newest page again. */
function showNewer() {
  if (!list.unseen) return;
  clear();
  list.unseen = 0;
  $('newer').hidden = true;
  void loadOlder();
}

/** (Re)starts the list for filter `q`: one stream brings its first page, then each new capture. */
export function startList(q) {
  list.q = q;
  list.events?.close();
  clear();
  list.unseen = 0;
  list.selected = null;
  $('newer').hidden = true;
  // The stream starts with the newest page of the list (`event: page`), again on each reconnect.
  const es = new EventSource(`/api/events?max=${DRAW_MAX}&page=${PAGE}${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  list.events = es;
  es.addEventListener('page', (ev) => {
    clear();
    applyPage(JSON.parse(ev.data));
  });
  es.addEventListener('capture', (ev) => arrived(JSON.parse(ev.data)));
  // The server left captures out of a burst: the list restarts from those that follow; any
  // still to draw came before the gap, and page in from the store with it.
  es.addEventListener('skipped', (ev) => {
    if (!following()) return noteUnseen(JSON.parse(ev.data).count);
    list.overflowed = true;
    list.pending = [];
  });
  es.addEventListener('health', (ev) => drawForward(JSON.parse(ev.data)));
  es.addEventListener('tunnel', (ev) => drawTunnel(JSON.parse(ev.data)));
  es.addEventListener('error', () => hooks.say('disconnected from the listener; retrying…'));
}

/** Moves the selection `by` rows (j/k), paging in older captures at the bottom. */
export function move(by) {
  const all = allRows();
  if (!all.length) return;
  const at = all.findIndex((r) => r.dataset.id === list.selected);
  const next = all[Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + by))];
  select(next.dataset.id);
  if (by > 0 && list.next && next === all[all.length - 1]) void loadOlder();
}

/** Wires the list's buttons, scrolling and clicks; `say` shows status, `pick` opens a capture. */
export function initList(given) {
  hooks = given;
  rows.addEventListener('click', (e) => {
    const tr = e.target.closest('tr.row');
    if (tr) hooks.pick(tr.dataset.id);
  });
  $('older').addEventListener('click', () => void loadOlder());
  $('newer').addEventListener('click', () => {
    pane.scrollTop = 0;
    showNewer();
  });
  pane.addEventListener('scroll', () => {
    if (following()) showNewer();
    if (list.next && pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 40) void loadOlder();
  });
}
