import type { ChalkInstance } from 'chalk';
import type { TimelineEntry } from '../capture/correlate.js';
import type { CaptureView } from '../capture/view.js';
import { describeEvent, fieldLines, formatSize } from './describe.js';
import { hexdump } from './hexdump.js';
import { maskUrl, redactor } from '../core/redact.js';

const indent = (text: string, by = '  '): string => text.split('\n').map((l) => by + l).join('\n');

/** The multi-line human view of one capture (`show`). Payload text passes the sanitiser. */
export function captureDetails(view: CaptureView, paint: ChalkInstance, timelines: ReadonlyMap<string, TimelineEntry[]> = new Map()): string {
  const { record: r, inspection: i } = view;
  const mask = redactor(view.secrets);
  const safe = mask.safe;
  const out: string[] = [];
  out.push(`${paint.bold(r.id)}  ${new Date(r.receivedAt).toISOString()}  from ${safe(r.remote)}${r.replayOf ? `  (replay of ${r.replayOf})` : ''}`);
  out.push(`${paint.bold(safe(r.method))} ${safe(r.url)}`);
  if (r.publicUrl) out.push(`${paint.dim('called as')} ${safe(r.publicUrl)}`);
  out.push(paint.bold('Headers'));
  for (const [k, v] of r.headers) out.push(`  ${paint.dim(safe(k))}: ${safe(v)}`);
  const size = r.size ?? r.body.length;
  const inflated = i.body.inflated ? `${i.body.contentEncoding} inflated to ${formatSize(i.body.inflated.length)}` : null;
  const bodyInfo = [formatSize(size), inflated, i.body.kind, i.body.charset].filter(Boolean).join(', ');
  out.push(paint.bold(`Body (${safe(bodyInfo)}${r.truncated ? `, truncated to ${r.body.length} bytes` : ''})`));
  if (i.body.parseError) out.push(paint.red(`  ! ${safe(i.body.parseError)}`));
  if (i.body.kind === 'binary') out.push(indent(hexdump(i.body.inflated ?? r.body)));
  else if (i.body.text !== null) out.push(indent(safe(i.body.text)));
  if (i.body.fields !== null && i.body.fields !== undefined) {
    out.push(paint.bold('Fields'));
    for (const line of fieldLines(i.body.fields)) out.push(`  ${safe(line)}`);
  }
  if (i.provider && i.decoded) {
    out.push(paint.bold(`Decoded (${i.provider.name})`));
    i.decoded.events.forEach((e, n) => out.push(`  ${describeEvent(e, paint, view.flags[n], mask)}`));
    for (const [id, entries] of timelines) {
      const steps = entries.map((t) => {
        const here = t.captureId === r.id ? paint.bold('*') : '';
        const flags = t.flags.length ? paint.yellow(` [${t.flags.join(', ')}]`) : '';
        return `${here}${safe(t.status.label)}${t.status.final ? ' (final)' : ''} ${paint.dim(t.captureId)}${flags}`;
      });
      out.push(`  ${paint.bold(`timeline #${safe(id)}`)}: ${steps.join(' → ')}`);
    }
    // The body's own problem (truncated, unreadable) is shown above already.
    for (const p of i.decoded.problems) if (p !== i.body.parseError) out.push(paint.red(`  ! ${safe(p)}`));
  } else out.push(paint.dim('Decoded: no provider recognised (plain capture)'));
  out.push(`${paint.bold('Signature')}: ${i.signature.state} (${safe(i.signature.detail)})`);
  if (r.answer) {
    out.push(`${paint.bold('Answered')}: ${r.answer.status} ${safe(r.answer.body.toString('utf8'))}`);
  } else if (r.remote !== 'replay') {
    // server.ts records an answer only once the client got it all.
    out.push(`${paint.bold('Answered')}: nothing reached the client (it went away, or listen stopped before answering)`);
  }
  const f = r.forward;
  if (f) {
    const answered = f.status === null ? paint.red('no answer') : `${f.status} in ${Math.round(f.latencyMs)} ms`;
    out.push(`${paint.bold('Your app')}: ${safe(maskUrl(f.url))}: ${answered}`);
    out.push(`  ${(f.accepted === true ? paint.green : f.accepted === false ? paint.red : paint.yellow)(safe(f.verdict))}`);
    if (f.error && !f.verdict.startsWith(f.error)) out.push(paint.red(`  ! ${safe(f.error)}`));
  }
  // Once more over the whole: a hexdump row can hold a secret too.
  return mask.text(out.join('\n'));
}
