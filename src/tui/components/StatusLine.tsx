import type { ChalkInstance } from 'chalk';
import { Text } from 'ink';
import { safePreview } from '../../core/safe-text.js';
import { filterProblem } from '../../capture/filter.js';
import { providerIds } from '../../providers/registry.js';
import type { TuiState } from '../state.js';

export interface StatusLineProps {
  readonly state: Pick<TuiState, 'mode' | 'input' | 'suggested' | 'filter' | 'follow' | 'unseen' | 'hasNewer' | 'message' | 'visible' | 'rows'>;
  readonly selectedId: string | null;
  readonly paint: ChalkInstance;
  readonly width: number;
}

/**
 * filterProblem's line, and where it names the nearest word, without the list of choices after it:
 * at 80 columns the list pushed the hint itself off the line (`did you mean failed?` is what helps).
 */
function shortProblem(text: string): string | null {
  const problem = filterProblem(text, providerIds());
  return problem && /did you mean/.test(problem) ? problem.replace(/ ?(use one of: .*|\(other words are searched as text\))$/, '') : problem;
}

/** The prompt while typing a filter or a replay URL; otherwise follow, filter and the last message. */
export function StatusLine({ state: s, selectedId, paint, width }: StatusLineProps) {
  let line: string;
  const tone = { info: paint.reset, ok: paint.green, error: paint.red }[s.message?.tone ?? 'info'];
  if (s.mode === 'filter') {
    // A word that can match nothing (outcome:faild, sig:ok) is said as list says it, in place of a silent 0 match.
    const problem = shortProblem(s.input);
    const hint = problem ? paint.yellow(safePreview(problem, width)) : paint.dim(`${s.visible.length}/${s.rows.length} match  (provider: event: outcome: id: phone: sig: flag: since: or text)`);
    line = `${paint.bold('filter')} /${safePreview(s.input, width)}_  ${hint}`;
  } else if (s.mode === 'replay') {
    const text = safePreview(s.input, width);
    // Said in words too: inverse video is all a selection is, and NO_COLOR has none.
    const typed = s.suggested ? `${paint.inverse(text)}_  ${paint.dim('(last URL: type to replace, → to edit)')}` : `${text}_`;
    // Messages from while the prompt is open: why Enter refused the text (state.ts clears older ones).
    const why = s.message?.text ? `  ${tone(safePreview(s.message.text, width))}` : '';
    line = `${paint.bold(`replay ${selectedId ?? ''} to URL:`)} ${typed}${why}`;
  } else {
    const parts = [s.follow ? paint.green('follow on') : paint.yellow('follow off')];
    if (s.filter) {
      const problem = shortProblem(s.filter);
      parts.push(`filter "${safePreview(s.filter, 40)}" ${s.visible.length}/${s.rows.length}${problem ? ` ${paint.yellow(`(${safePreview(problem, width)})`)}` : ''}`);
    }
    if (s.hasNewer) parts.push(paint.yellow(`${s.unseen ? `${s.unseen} new, ` : ''}newer below (G)`));
    if (s.message?.text) parts.push(tone(safePreview(s.message.text, width)));
    line = parts.join(' · ');
  }
  return <Text wrap="truncate-end">{line}</Text>;
}
