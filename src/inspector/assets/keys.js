// The page's keys, as the TUI's: j/k (or arrows) move, Enter opens, / filters, Esc clears or closes.

/** Calls `actions` on their keys, except while typing in a field or pressing Enter on a control. */
export function bindKeys(actions) {
  document.addEventListener('keydown', (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
    // Enter on a focused button or link is that button's.
    const control = e.key === 'Enter' && e.target instanceof Element && e.target.closest('button, a');
    if (typing || control || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'j' || e.key === 'ArrowDown') actions.move(1);
    else if (e.key === 'k' || e.key === 'ArrowUp') actions.move(-1);
    else if (e.key === 'Enter') actions.open();
    else if (e.key === '/') actions.focusFilter();
    else if (e.key === 'Escape') actions.escape();
    else return;
    e.preventDefault();
  });
}
