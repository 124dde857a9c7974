import type { Provider } from '../core/types.js';
import { EXIT } from '../core/errors.js';
import type { Attempt } from './runner.js';

export interface SendVerdict {
  ok: boolean;
  exitCode: number;
  /** Plain words for the user; payload parts are raw here and sanitised by whoever prints them. */
  text: string;
}

const quote = (s: string, max = 60): string => `\`${s.length > max ? `${s.slice(0, max - 1)}…` : s}\``;

function answerWords(a: Attempt): string {
  return a.result.error?.text ?? 'no answer';
}

function redirectNote(a: Attempt): string {
  const status = a.result.response?.status ?? 0;
  if (status < 300 || status >= 400 || a.verdict.redirectExplained) return '';
  const to = headerOf(a, 'location');
  return ` (a redirect${to ? ` to ${quote(to)}` : ''}: webhook senders post to the URL you gave them)`;
}

const headerOf = (a: Attempt, name: string): string | undefined => a.result.response?.headers.find(([k]) => k.toLowerCase() === name)?.[1];

/** The verdict in plain words, e.g. what Webcom Mobi would have done with a plain `OK`. */
export function sendVerdict(provider: Provider, attempts: Attempt[]): SendVerdict {
  const last = attempts[attempts.length - 1]!;
  const first = attempts[0]!;
  const times = attempts.length;
  const seen = attempts.filter((a) => a.result.response !== null).length;
  const policy = provider.retry;
  const assumed = (policy.attemptsDocumented ?? policy.documented) ? '' : ' (assumed: not documented by the provider)';
  if (last.verdict.accepted) {
    const dup = times > 1 ? `; it took ${times} attempts, so your system saw this request ${seen} times` : '';
    return { ok: true, exitCode: EXIT.ok, text: `${provider.name} accepted the answer: ${last.verdict.reason}${dup}` };
  }
  if (last.verdict.basis === 'slow') return { ok: false, exitCode: EXIT.negative, text: `your endpoint ${last.verdict.reason}` };
  const allUnreachable = attempts.every((a) => a.result.error?.kind === 'unreachable');
  const retried = times > 1 ? `; ${provider.name} re-sent it ${times - 1} more time${times === 2 ? '' : 's'}${assumed} and then gave up` : policy.attempts > 1 ? ' (retries turned off)' : `; ${provider.name} does not re-send${assumed}, so this callback is lost`;
  const seenText = seen > 1 ? `: your system would have seen this ${times > 1 ? 'callback' : 'request'} ${seen} times` : '';
  const why = first.result.response ? `your endpoint ${first.verdict.reason}${redirectNote(first)}` : answerWords(first);
  return { ok: false, exitCode: allUnreachable ? EXIT.environment : EXIT.negative, text: `${why}${retried}${seenText}` };
}
