import type { ChalkInstance } from 'chalk';
import type { DecodedEvent, Outcome } from '../core/types.js';
import { redactor, type Redactor } from '../core/redact.js';

/** Colour per outcome; the outcome word is always printed too, so NO_COLOR loses nothing. */
export function outcomeColor(paint: ChalkInstance, outcome: Outcome): (s: string) => string {
  switch (outcome) {
    case 'delivered':
    case 'read':
      return paint.green;
    case 'failed':
    case 'expired':
      return paint.red;
    case 'pending':
    case 'sent':
      return paint.yellow;
    default:
      return paint.magenta;
  }
}

const NO_SECRETS = redactor([]);

/** One line for one decoded event: kind, message id, meaning (or text), flags, all masked and made safe. */
export function describeEvent(e: DecodedEvent, paint: ChalkInstance, flags: readonly string[] = [], mask: Redactor = NO_SECRETS): string {
  const cut = mask.preview;
  const parts: string[] = [e.kind];
  if (e.messageId) parts.push(`#${cut(e.messageId, 24)}`);
  if (e.phone) parts.push(cut(e.phone, 20));
  if (e.status) {
    const s = e.status;
    const color = outcomeColor(paint, s.outcome);
    parts.push(color(`${s.outcome}${s.final ? ' (final)' : ''}`), `${cut(s.label, 30)}: ${cut(s.meaning, 80)}`);
  }
  if (e.error && e.error.code !== '0') parts.push(paint.red(`err ${cut(e.error.code, 8)}: ${cut(e.error.meaning, 60)}`));
  if (e.text) parts.push(`"${cut(e.text, 60)}"`);
  if (e.attachment) parts.push(`attachment ${cut(e.attachment, 60)}`);
  if (flags.length) parts.push(paint.yellow(`[${flags.join(', ')}]`));
  return parts.join(' ');
}

/** Human size: 512 B, 1.5 KiB, 2.0 MiB. */
export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Local wall-clock time with milliseconds. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** Flattens parsed fields to `a.b.c: value` lines. */
export function fieldLines(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [`${prefix || '(value)'}: ${String(value)}`];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return [`${prefix || '(value)'}: ${Array.isArray(value) ? '[]' : '{}'}`];
  return entries.flatMap(([k, v]) => fieldLines(v, prefix ? `${prefix}.${k}` : k));
}
