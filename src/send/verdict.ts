import type { Provider, Scenario, ScenarioStep } from '../core/types.js';
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

/** One step of a scenario run: its attempts and the verdict on them. */
export interface StepResult {
  n: number;
  step: ScenarioStep;
  attempts: Attempt[];
  verdict: SendVerdict;
}

const everyUnreachable = (attempts: readonly Attempt[]): boolean => attempts.every((a) => a.result.error?.kind === 'unreachable');

/**
 * A step's verdict: the attempts judged as `send` judges them, and for a repeat what it asks of
 * a handler: to answer the repeat as the provider requires too (acknowledge it, act on it once).
 */
export function stepVerdict(provider: Provider, step: ScenarioStep, attempts: Attempt[]): SendVerdict {
  const v = sendVerdict(provider, attempts);
  if (step.role !== 'repeat' || everyUnreachable(attempts)) return v;
  const of = `step ${(step.repeats ?? 0) + 1}`;
  const text = v.ok
    ? `${v.text}; this was ${of} again, and a repeat must be acknowledged like this every time (and acted on once: the message id tells)`
    : `${v.text}; this was ${of} again: a handler must answer a repeat as ${provider.name} requires too (acknowledge it, act on it once)`;
  return { ...v, text };
}

/**
 * What a step is, without its explanation: a note's explanation follows the first ': ' outside
 * parentheses (event names such as sms:sent, and codes in parentheses, carry colons of their own).
 */
export function noteHead(note: string): string {
  let depth = 0;
  for (let i = 0; i < note.length; i++) {
    const c = note[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ':' && depth === 0 && note[i + 1] === ' ') return note.slice(0, i);
  }
  return note;
}

/** The verdict over every step: 0 when each was answered as the provider requires, 3 when none could reach the endpoint, else 1. */
export function scenarioVerdict(provider: Provider, scenario: Scenario, steps: readonly StepResult[]): SendVerdict {
  const total = scenario.steps.length;
  const bad = steps.filter((s) => !s.verdict.ok);
  const unsent = total - steps.length;
  const cut = unsent > 0 ? `; the endpoint could not be reached, so the last ${unsent === 1 ? 'step was' : `${unsent} steps were`} not sent` : '';
  if (bad.length === 0) return { ok: true, exitCode: EXIT.ok, text: `${total === 1 ? 'the one step' : `all ${total} steps`} of ${scenario.name} answered as ${provider.name} requires` };
  const noAnswer = steps.every((s) => everyUnreachable(s.attempts));
  // The steps' own lines carry the reasons; this names which steps, by what they were.
  const which = bad.map((s) => `step ${s.n}, ${noteHead(s.step.note)}`).join('; ');
  return {
    ok: false,
    exitCode: noAnswer ? EXIT.environment : EXIT.negative,
    text: `${bad.length} of ${total} ${total === 1 ? 'step' : 'steps'} of ${scenario.name} not answered as ${provider.name} requires: ${which}${cut}`,
  };
}
