// The inspector page: a live list fed by server-sent events, the TUI's filter kept in ?q=,
// keyboard j/k/Enter,/,Esc, and #/capture/<id> deep links to details.
import { api, fill, h } from './dom.js';
import { drawDetails, TABS } from './details.js';
import { drawForward, drawSession, drawTunnel } from './header.js';
import { bindKeys } from './keys.js';
import { rowOf } from './list.js';

const PAGE = 60;
// Rows kept on the page; older ones are dropped and paged in again from the store on demand.
const MAX_ROWS = 500;
// New rows are drawn at most this often (a lone capture at once): under a burst one layout and
// paint cover many captures, and the browser leaves the listener its CPU (bench/rows/inspector.mjs).
const DRAW_EVERY_MS = 300;
// At most this many new rows a draw (more than a screenful).
const DRAW_MAX = 60;

const $ = (id) => document.getElementById(id);
const rows = $('rows');
const pane = $('list-pane');
const filter = $('filter');
const details = $('details');
const status = $('status');
const state = { q: new URLSearchParams(location.search).get('q') ?? '', next: null, ids: new Set(), selected: null, unseen: 0, events: null, tab: 'decoded', open: null, generation: 0 };

const say = (text) => fill(status, text);
const allRows = () => [...rows.querySelectorAll('tr.row')];
const rowById = (id) => allRows().find((r) => r.dataset.id === id);

function select(id, { scroll = true } = {}) {
  for (const r of rows.querySelectorAll('tr[aria-selected="true"]')) r.setAttribute('aria-selected', 'false');
  state.selected = id;
  const tr = id && rowById(id);
  if (tr) {
    tr.setAttribute('aria-selected', 'true');
    if (scroll) tr.scrollIntoView({ block: 'nearest' });
  }
}

const pick = (id) => {
  select(id, { scroll: false });
  location.hash = `#/capture/${encodeURIComponent(id)}`;
};

function noteApp(c) {
  if (c.forward) $('list').classList.remove('no-app');
}

function counts() {
  const n = rows.children.length;
  say(`${n} shown${state.q ? ` matching "${state.q}"` : ''}${state.next ? ' · more below' : ''}`);
}

/** Adds a page of older captures at the bottom. */
let loading = null;
function loadOlder() {
  // One page at a time for a list (scrolling fires many events near the bottom); a new list
  // (another filter) does not wait for the old one's.
  if (loading?.gen !== state.generation) {
    const mine = { gen: state.generation, done: null };
    mine.done = loadPage().finally(() => {
      if (loading === mine) loading = null;
    });
    loading = mine;
  }
  return loading.done;
}

async function loadPage() {
  const gen = state.generation;
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (state.q) params.set('q', state.q);
  if (state.next) params.set('before', state.next);
  say('loading…');
  let page;
  try {
    page = await api(`/api/captures?${params}`);
  } catch (e) {
    say(`could not load captures: ${e.message}`);
    return;
  }
  if (gen === state.generation) applyPage(page);
}

/** A page of the list API's answer, below the rows there are. */
function applyPage(page) {
  for (const c of page.captures) {
    if (state.ids.has(c.id)) continue;
    state.ids.add(c.id);
    noteApp(c);
    rows.append(rowOf(c, pick));
  }
  state.next = page.next;
  $('older').hidden = !page.next;
  counts();
  if (!page.captures.length && page.next) say(`looked at ${page.scanned} older captures, none match "${state.q}"; load older to look further`);
  if (!rows.children.length && !page.next) say(state.q ? `no capture matches "${state.q}"` : 'no captures yet: send one to the listener');
  // A deep link may have named its capture before the list had it.
  if (state.selected) select(state.selected, { scroll: false });
  else if (rows.firstElementChild) select(rows.firstElementChild.dataset.id, { scroll: false });
}

const following = () => pane.scrollTop <= 4;

let pending = [];
let overflowed = false;
let drawQueued = false;
let lastDraw = -Infinity;

function noteUnseen(n) {
  state.unseen += n;
  $('newer').hidden = false;
  fill($('newer'), `↑ ${state.unseen} new`);
}

/** A new capture from the event stream; drawn with the others that come before the next draw. */
function arrived(c) {
  // Scrolled away: the list stays still; the badge counts, and scrolling back up reloads the top.
  if (!following()) return noteUnseen(1);
  pending.push(c);
  if (pending.length > DRAW_MAX) {
    pending = pending.slice(-DRAW_MAX);
    overflowed = true;
  }
  if (!drawQueued) {
    drawQueued = true;
    setTimeout(() => requestAnimationFrame(drawArrived), Math.max(0, lastDraw + DRAW_EVERY_MS - performance.now()));
  }
}

/** New captures on top, in one layout. */
function drawArrived() {
  drawQueued = false;
  lastDraw = performance.now();
  const fresh = pending.filter((c) => !state.ids.has(c.id));
  pending = [];
  // More came than one draw shows (a burst): the list restarts from the newest; older ones
  // page in from the store, so nothing is lost, only not drawn.
  const restartFromThese = overflowed;
  overflowed = false;
  if (!fresh.length) return;
  if (restartFromThese) {
    // A page still loading belongs to the list before this one.
    state.generation++;
    rows.replaceChildren();
    state.ids.clear();
  }
  const frag = document.createDocumentFragment();
  for (const c of fresh.reverse()) {
    state.ids.add(c.id);
    noteApp(c);
    frag.append(rowOf(c, pick));
  }
  const wasTop = rows.firstElementChild?.dataset.id ?? null;
  rows.prepend(frag);
  while (rows.children.length > MAX_ROWS) {
    state.ids.delete(rows.lastElementChild.dataset.id);
    rows.lastElementChild.remove();
    state.next = rows.lastElementChild.dataset.id;
  }
  if (restartFromThese) state.next = rows.lastElementChild.dataset.id;
  $('older').hidden = !state.next;
  const newest = rows.firstElementChild.dataset.id;
  pane.scrollTop = 0;
  // Following: the selection follows the newest too, unless details are open.
  if (!state.open && (state.selected === null || state.selected === wasTop || restartFromThese)) select(newest, { scroll: false });
  counts();
}

/** Back at the top after new captures came: the newest page again. */
function showNewer() {
  if (!state.unseen) return;
  state.generation++;
  state.unseen = 0;
  $('newer').hidden = true;
  rows.replaceChildren();
  state.ids.clear();
  state.next = null;
  void loadOlder();
}

/** (Re)starts the list for the current filter: one stream brings its first page, then each new capture. */
function restart() {
  state.generation++;
  state.events?.close();
  rows.replaceChildren();
  state.ids.clear();
  pending = [];
  overflowed = false;
  state.next = null;
  state.unseen = 0;
  state.selected = null;
  $('newer').hidden = true;
  // The stream starts with the newest page of the list (`event: page`), again on each reconnect.
  const es = new EventSource(`/api/events?max=${DRAW_MAX}&page=${PAGE}${state.q ? `&q=${encodeURIComponent(state.q)}` : ''}`);
  state.events = es;
  es.addEventListener('page', (ev) => {
    state.generation++;
    rows.replaceChildren();
    state.ids.clear();
    pending = [];
    overflowed = false;
    state.next = null;
    applyPage(JSON.parse(ev.data));
  });
  es.addEventListener('capture', (ev) => arrived(JSON.parse(ev.data)));
  // The server left captures out of a burst (?max=): the list restarts from the newest it sends.
  es.addEventListener('skipped', (ev) => {
    if (following()) overflowed = true;
    else noteUnseen(JSON.parse(ev.data).count);
  });
  es.addEventListener('health', (ev) => drawForward(JSON.parse(ev.data)));
  es.addEventListener('tunnel', (ev) => drawTunnel(JSON.parse(ev.data)));
  es.addEventListener('error', () => say('disconnected from the listener; retrying…'));
}

let debounce = null;
function setFilter(q) {
  state.q = q.trim();
  const url = new URL(location.href);
  if (state.q) url.searchParams.set('q', state.q);
  else url.searchParams.delete('q');
  history.replaceState(null, '', url);
  restart();
}
filter.value = state.q;
filter.addEventListener('input', () => {
  clearTimeout(debounce);
  debounce = setTimeout(() => setFilter(filter.value), 200);
});
filter.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    clearTimeout(debounce);
    if (filter.value.trim() !== state.q) setFilter(filter.value);
    filter.blur();
  } else if (e.key === 'Escape') {
    clearTimeout(debounce);
    filter.value = '';
    if (state.q) setFilter('');
    filter.blur();
  }
});

$('older').addEventListener('click', () => void loadOlder());
$('newer').addEventListener('click', () => {
  pane.scrollTop = 0;
  showNewer();
});
pane.addEventListener('scroll', () => {
  if (following()) showNewer();
  if (state.next && pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 40) void loadOlder();
});

// Deep links: #/capture/<id>[/<tab>]
async function route() {
  const m = /^#\/capture\/([^/]+)(?:\/(\w+))?$/.exec(location.hash);
  if (!m) {
    state.open = null;
    details.hidden = true;
    $('main').classList.remove('split');
    details.replaceChildren();
    return;
  }
  const id = decodeURIComponent(m[1]);
  if (m[2] && TABS.includes(m[2])) state.tab = m[2];
  details.hidden = false;
  $('main').classList.add('split');
  if (state.open?.capture.id !== id) {
    fill(details, h('span', { class: 'dim' }, 'loading…'));
    try {
      state.open = await api(`/api/captures/${encodeURIComponent(id)}/details`);
    } catch (e) {
      state.open = null;
      fill(details, h('p', { class: 'bad' }, e.message));
      return;
    }
  }
  select(id);
  draw();
}

function draw() {
  if (!state.open) return;
  drawDetails(details, state.open, state.tab, {
    onTab: (t) => {
      state.tab = t;
      draw();
    },
    onClose: close,
    onMessage: say,
  });
}

function close() {
  history.pushState(null, '', `${location.pathname}${location.search}`);
  void route();
}

window.addEventListener('hashchange', () => void route());

function move(by) {
  const list = allRows();
  if (!list.length) return;
  const at = list.findIndex((r) => r.dataset.id === state.selected);
  const next = list[Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + by))];
  select(next.dataset.id);
  if (by > 0 && state.next && next === list[list.length - 1]) void loadOlder();
}

bindKeys({
  move,
  open: () => state.selected && pick(state.selected),
  focusFilter: () => filter.focus(),
  escape: () => {
    if (state.open) close();
    else if (state.q) {
      filter.value = '';
      setFilter('');
    }
  },
});

void drawSession($('session'), $('list')).catch((e) => say(`could not reach the listener: ${e.message}`));
restart();
void route();
