import type { ChalkInstance } from 'chalk';
import type { CaptureView } from '../capture/view.js';
import { splitUrl } from '../core/raw-request.js';
import { describeEvent, formatSize, formatTime } from './describe.js';
import { redactor } from '../core/redact.js';
import { fitLine, visibleWidth } from './fit-line.js';

/**
 * The plain one-line form of a capture (listen without TUI, list). Everything is masked, then
 * sanitised, then cut: cutting first would leave the head of a secret its mask no longer matches.
 * The whole line is cut to `width` columns with a visible "…" (output/fit-line.ts).
 */
export function captureLine(view: CaptureView, paint: ChalkInstance, width = Infinity): string {
  const { record: r, inspection: i } = view;
  const mask = redactor(view.secrets);
  const cut = mask.preview;
  const { path } = splitUrl(r.url);
  const head = [
    paint.dim(formatTime(r.receivedAt)),
    paint.bold(r.id),
    `${cut(r.method, 10)} ${cut(path, 60)}`,
    formatSize(r.size ?? r.body.length) + (r.truncated ? paint.red(' truncated') : ''),
    cut(i.body.contentType ?? '-', 40),
  ];
  const answer = r.answer ? `→ ${r.answer.status}` : '';
  // A replay is the user re-sending, not the gateway: said where it is listed, as show says it.
  const replay = r.replayOf ? paint.yellow(`replay of ${cut(r.replayOf, 20)}`) : '';
  let what: string;
  if (i.provider && i.decoded && i.decoded.events.length > 0) {
    // Events past the width are never seen: a 10,000-item batch describes the first few only.
    const events: string[] = [];
    let cols = 0;
    for (const [n, e] of i.decoded.events.entries()) {
      if (cols > width) break;
      const text = describeEvent(e, paint, view.flags[n], mask);
      events.push(text);
      cols += visibleWidth(text) + 3;
    }
    what = `${paint.cyan(i.provider.id)} ${events.join(' | ')}`;
  } else {
    const preview = i.body.text ?? (r.body.length ? r.body.subarray(0, 32).toString('hex') : '');
    what = `${i.provider ? paint.cyan(i.provider.id) + ' ' : ''}${cut(preview, 80)}`;
  }
  const sig = i.signature.state === 'unchecked' ? '' : i.signature.state === 'valid' ? paint.green('sig ok') : paint.red(`sig ${i.signature.state}`);
  const problems = [...new Set([i.body.parseError, ...(i.decoded?.problems ?? [])])].filter(Boolean) as string[];
  const problem = problems.length ? paint.red(`! ${cut(problems.join('; '), 100)}`) : '';
  const f = r.forward;
  const forward = f ? (f.status === null ? paint.red(`app: ${cut(f.verdict || (f.error ?? 'no answer'), 140)}`) : `app ${f.status} ${Math.round(f.latencyMs)} ms ${(f.accepted === false ? paint.red : paint.green)(cut(f.verdict, 120))}`) : '';
  return fitLine([...head, answer, replay, what, sig, forward, problem].filter((s) => s !== '').join('  '), width);
}
