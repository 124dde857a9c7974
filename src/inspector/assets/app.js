// The inspector page: the list (live.js), the TUI's filter kept in ?q=, keyboard
// j/k/Enter,/,Esc (keys.js), and #/capture/<id> deep links to details (details.js).
import { api, fill, h } from './dom.js';
import { drawDetails, TABS } from './details.js';
import { drawSession } from './header.js';
import { bindKeys } from './keys.js';
import { initList, move, select, selected, startList } from './live.js';

const $ = (id) => document.getElementById(id);
const filter = $('filter');
const details = $('details');
const status = $('status');
const state = { q: new URLSearchParams(location.search).get('q') ?? '', tab: 'decoded', open: null };

const say = (text) => fill(status, text);

const pick = (id) => {
  select(id, { scroll: false });
  location.hash = `#/capture/${encodeURIComponent(id)}`;
};

/** The filter: applied to the list and kept in the URL, so a reload keeps it. */
function setFilter(q) {
  state.q = q.trim();
  const url = new URL(location.href);
  if (state.q) url.searchParams.set('q', state.q);
  else url.searchParams.delete('q');
  history.replaceState(null, '', url);
  startList(state.q);
}

let debounce = null;
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

bindKeys({
  move,
  open: () => selected() && pick(selected()),
  focusFilter: () => filter.focus(),
  escape: () => {
    if (state.open) close();
    else if (state.q) {
      filter.value = '';
      setFilter('');
    }
  },
});

initList({ say, pick, isOpen: () => state.open !== null });
void drawSession($('session'), $('list')).catch((e) => say(`could not reach the listener: ${e.message}`));
startList(state.q);
void route();
