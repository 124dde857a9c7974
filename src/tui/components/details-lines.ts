import type { ChalkInstance } from 'chalk';
import type { ForwardResult } from '../../capture/forward.js';
import { queryObject } from '../../output/ndjson.js';
import { toSafeText } from '../../core/safe-text.js';
import { describeEvent, fieldLines, formatSize, formatTime, outcomeColor } from '../../output/describe.js';
import { hexdump } from '../../output/hexdump.js';
import { maskUrl, redactor, type Redactor } from '../../core/redact.js';
import type { Detail } from '../hooks/pager.js';
import type { Tab } from '../state.js';

interface Ctx {
  paint: ChalkInstance;
  width: number;
  mask: Redactor;
  /** Masks secrets, then the one sanitiser: for every payload-derived string, one line at a time. */
  safe: (t: string) => string;
}

/** Cuts sanitised text into lines of `width` cells, so a long body is read in full, not cut. */
function wrap(text: string, { width, safe }: Ctx): string[] {
  const w = Math.max(10, width);
  return text.split('\n').flatMap((line) => {
    const s = safe(line.replace(/\r$/, ''));
    const out: string[] = [];
    for (let i = 0; i < s.length; i += w) out.push(s.slice(i, i + w));
    return out.length ? out : [''];
  });
}

/** Who answered the stored forward result: the app (`--forward-to`) or the target of a stored replay. */
const appTitle = (r: Detail['view']['record']): string => (r.remote === 'replay' ? 'replay target' : 'your app');

/** The provider's verdict on the answer, wrapped so the whole sentence is read; green when accepted. */
function verdictLines(f: ForwardResult, label: string, ctx: Ctx): string[] {
  const tone = f.accepted === true ? ctx.paint.green : ctx.paint.red;
  return wrap(`${label}: ${f.accepted === true ? '✓' : '✗'} ${f.verdict}`, ctx).map((l) => tone(l));
}

function decoded({ view, timelines }: Detail, ctx: Ctx): string[] {
  const { paint, safe, mask } = ctx;
  const { record: r, inspection: i } = view;
  const out = [`${paint.bold(r.id)}  ${formatTime(r.receivedAt)}  ${safe(r.method)} ${safe(r.url)}`];
  if (!i.provider || !i.decoded) out.push(paint.dim('no provider recognised (plain capture)'));
  else {
    out.push(paint.bold(`${i.provider.name}: ${i.decoded.events.length} event(s)`));
    i.decoded.events.forEach((e, n) => out.push(`  ${describeEvent(mask.deep(e), paint, view.flags[n])}`));
    for (const p of i.decoded.problems) out.push(paint.red(`  ! ${safe(p)}`));
  }
  if (i.body.parseError) out.push(paint.red(`  ! ${safe(i.body.parseError)}`));
  out.push(`${paint.bold('signature')}: ${i.signature.state} (${safe(i.signature.detail)})`);
  const f = r.forward;
  if (f) out.push(...verdictLines(f, `${appTitle(r)} ${f.status ?? '(no answer)'}`, ctx));
  for (const [id, entries] of timelines) {
    out.push(paint.bold(`timeline #${safe(id)} (${entries.length} status${entries.length === 1 ? '' : 'es'}, oldest first)`));
    for (const t of entries) {
      const here = t.captureId === r.id ? '>' : ' ';
      const tone = outcomeColor(paint, t.status.outcome);
      const flags = t.flags.length ? paint.yellow(` [${t.flags.join(', ')}]`) : '';
      out.push(`${here} ${formatTime(t.receivedAt)} ${t.captureId}  ${tone(`${t.status.outcome}${t.status.final ? ' (final)' : ''}`)} ${safe(t.status.label)}${flags}`);
    }
  }
  return out;
}

function fields({ view }: Detail, { safe }: Ctx): string[] {
  const { body } = view.inspection;
  const query = queryObject(view.record.url);
  const lines = Object.keys(query).length ? fieldLines(query, 'query') : [];
  if (body.fields !== null && body.fields !== undefined) lines.push(...fieldLines(body.fields, ''));
  return lines.length ? lines.map(safe) : ['(no fields parsed)'];
}

function headers({ view }: Detail, { paint, safe }: Ctx): string[] {
  const r = view.record;
  return [
    `${paint.bold(safe(r.method))} ${safe(r.url)}`,
    `from ${safe(r.remote)} at ${new Date(r.receivedAt).toISOString()}${r.replayOf ? ` (replay of ${r.replayOf})` : ''}`,
    ...r.headers.map(([k, v]) => `${paint.dim(safe(k))}: ${safe(v)}`),
  ];
}

function body({ view }: Detail, ctx: Ctx): string[] {
  const { paint, safe } = ctx;
  const { record: r, inspection: i } = view;
  const info = [formatSize(r.size ?? r.body.length), i.body.kind, i.body.charset, i.body.contentType].filter(Boolean).map((s) => safe(String(s)));
  const out = [paint.bold(`body: ${info.join(' · ')}${r.truncated ? ` (truncated to ${r.body.length} bytes)` : ''}`)];
  if (i.body.parseError) out.push(paint.red(`! ${safe(i.body.parseError)}`));
  if (i.body.kind === 'binary' || i.body.text === null) out.push(paint.dim('binary body: see the hex tab'));
  else out.push(...wrap(i.body.text, ctx));
  return out;
}

function answer({ view }: Detail, ctx: Ctx): string[] {
  const { paint, safe } = ctx;
  const r = view.record;
  if (!r.answer) return ['no answer was sent'];
  const out = [paint.bold(`answered ${r.answer.status}`), ...r.answer.headers.map(([k, v]) => `${paint.dim(safe(k))}: ${safe(v)}`)];
  out.push(...wrap(r.answer.body.toString('utf8'), ctx));
  const f = r.forward;
  if (f) {
    out.push(paint.bold(r.remote === 'replay' ? "the replay target's answer" : "your app's answer (forwarded)"));
    out.push(...wrap(`url: ${maskUrl(f.url)}`, ctx), `status: ${f.status ?? 'no answer'}`, `latency: ${f.latencyMs} ms`);
    out.push(...verdictLines(f, 'verdict', ctx));
    if (f.error) out.push(...wrap(`error: ${f.error}`, ctx).map((l) => paint.red(l)));
  }
  return out;
}

/** The lines of one details tab for a capture; secrets masked, safe to draw as they are. */
export function detailLines(detail: Detail, tab: Tab, paint: ChalkInstance, width: number): string[] {
  const mask = redactor(detail.view.secrets);
  const ctx: Ctx = { paint, width, mask, safe: (t) => toSafeText(mask.text(t), { oneLine: true }) };
  switch (tab) {
    case 'decoded':
      return decoded(detail, ctx);
    case 'fields':
      return fields(detail, ctx);
    case 'headers':
      return headers(detail, ctx);
    case 'body':
      return body(detail, ctx);
    case 'hex': {
      // Masked before dumping (a secret could straddle two dump lines); offsets shift by the mask.
      const bytes = detail.view.record.body;
      const masked = Buffer.from(mask.text(bytes.toString('latin1')), 'latin1');
      return hexdump(masked.equals(bytes) ? bytes : masked, 64 * 1024).split('\n');
    }
    case 'answer':
      return answer(detail, ctx);
  }
}
