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
  // A call confirmation says which number was called; a USSD answer, which code it answers.
  if (e.kind === 'call' && e.to) parts.push(`called ${cut(e.to, 20)}`);
  if (e.kind === 'ussd' && e.to) parts.push(cut(e.to, 20));
  if (e.text) parts.push(`"${cut(e.text, 60)}"`);
  if (e.attachment) parts.push(`attachment ${cut(e.attachment, 60)}`);
  if (flags.length) parts.push(paint.yellow(`[${flags.join(', ')}]`));
  return parts.join(' ');
}

/**
 * What an event without a status means, in words (the TUI's MEANING column): the called number
 * of a call confirmation, the code a USSD answer answers, else the message text.
 */
export function eventMeaning(e: DecodedEvent): string | null {
  if (e.kind === 'call') return `call confirmation${e.to ? `: called ${e.to}` : ''}`;
  if (e.kind === 'ussd' && e.to) return `${e.to}: ${e.text ?? ''}`.trimEnd();
  return e.text ?? null;
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

// Field names that hold a time (`time`, `ts`, `timestamp`, `created_at`, `sentAt`, `date`...).
const TIME_NAME = /(?:^|[._-])(?:ts|time|timestamp|date|datetime|created|updated|sent|received|delivered)(?:[_-]?at)?$|[a-z](?:At|Time|Date)$|_at$/i;
const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/** `2023-11-14 22:13:20 +00:00`: local wall-clock time with its UTC offset. */
export function formatLocalDate(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
}

/**
 * The date a time-named field's Unix timestamp stands for (seconds, or milliseconds with 13
 * digits), or null. Only plausible years (2001 to 2286) and only time-like names: a ten-digit
 * phone number is not a date.
 */
export function unixDate(name: string, value: unknown): string | null {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !TIME_NAME.test(name)) return null;
  const m = /^(\d{10})(\d{3})?$/.exec(text);
  return m ? formatLocalDate(m[2] ? Number(text) : Number(text) * 1000) : null;
}

/** Parsed fields flattened to `[a.b.c, value, date of a Unix timestamp or null]` (the inspector's tables). */
export function fieldEntries(value: unknown, prefix = ''): Array<[string, string, string | null]> {
  if (value === null || typeof value !== 'object') return [[prefix || '(value)', String(value), unixDate(prefix, value)]];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return [[prefix || '(value)', Array.isArray(value) ? '[]' : '{}', null]];
  return entries.flatMap(([k, v]) => fieldEntries(v, prefix ? `${prefix}.${k}` : k));
}

/** Flattens parsed fields to `a.b.c: value` lines; a Unix timestamp gets its date beside it. */
export function fieldLines(value: unknown, prefix = ''): string[] {
  return fieldEntries(value, prefix).map(([name, text, date]) => `${name}: ${text}${date ? ` (${date})` : ''}`);
}
