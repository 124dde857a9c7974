import { KitError } from '../core/errors.js';
import { didYouMean } from '../core/json-fields.js';
import type { Provider, Scenario, ScenarioName, ScenarioSet, ScenarioStep } from '../core/types.js';
import { FAST_TOTAL_MS } from './plan.js';

/** Every scenario name, in the order `--list` and errors give them. */
export const SCENARIO_NAMES: readonly ScenarioName[] = ['lifecycle', 'failed', 'duplicate', 'out-of-order', 'multipart'];

/** The scenarios a provider offers (none for one without a scenarios.ts). */
export const scenariosOf = (p: Provider): readonly Scenario[] => p.scenarios?.offered ?? [];

/** A provider's scenario by name, or a usage error naming the choices (and why a known one is not offered). */
export function resolveScenario(p: Provider, name: string): Scenario {
  const offered = scenariosOf(p);
  const found = offered.find((s) => s.name === name);
  if (found) return found;
  const names = offered.map((s) => s.name);
  const choices = names.length ? `${didYouMean(name, names)}use one of: ${names.join(', ')}` : `${p.name} offers no scenario`;
  const why = p.scenarios?.notOffered[name as ScenarioName];
  const head = why ? `${p.name} has no "${name}" scenario: ${why}` : `no scenario "${name.slice(0, 40)}" for ${p.id}`;
  throw new KitError('E_USAGE', `${head}; ${choices} (see \`webhook-kit send --list\`)`);
}

/** One step as it will be sent: its fixture, every override, and the wait before it. */
export interface PlannedStep {
  n: number;
  step: ScenarioStep;
  /** Field overrides: the run's message id and the step's time, then the step's own, then the user's `--set`. */
  set: Record<string, string>;
  /** Wait before sending, after the previous step ended (compressed under `--fast`). */
  waitMs: number;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** A time in the provider's own format, `ms` since the epoch. Pure. */
export function formatTime(t: ScenarioSet['time'], ms: number): string {
  if (t.format === 'unix') return String(Math.floor(ms / 1000));
  const d = new Date(ms + t.utcOffsetMin * 60_000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (t.format === 'datetime') return `${date} ${clock}`;
  const off = Math.abs(t.utcOffsetMin);
  return `${date}T${clock}.${pad(d.getUTCMilliseconds(), 3)}${t.utcOffsetMin < 0 ? '-' : '+'}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

const TOKEN_CHARS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A fresh message id in the provider's shape, so no earlier run's statuses join this one. */
export function freshMessageId(shape: ScenarioSet['messageId'], random: () => number = Math.random): string {
  if (shape.style === 'digits') return String(100_000_000 + Math.floor(random() * 900_000_000));
  return shape.prefix + Array.from({ length: 8 }, () => TOKEN_CHARS[Math.floor(random() * TOKEN_CHARS.length)]).join('');
}

export interface ScenarioPlanOptions {
  /** The message id of every step (a fresh one unless `--set messageId=` gave one). */
  messageId: string;
  /** The wall clock at the start, ms; the last step's status time is about now. */
  nowMs: number;
  /** The user's `--set`, applied to every step after the scenario's own overrides. */
  set?: Readonly<Record<string, string>>;
  fast?: boolean;
}

/**
 * The steps of a run: one message id, each step's time in the provider's format (anchored so
 * the latest status is `nowMs`), and the waits between steps, which `--fast` compresses as
 * plan.ts compresses a retry run (the whole run's waits in about a second). Pure.
 */
export function planScenario(p: Provider, scenario: Scenario, opts: ScenarioPlanOptions): PlannedStep[] {
  const set = p.scenarios!;
  const latest = Math.max(0, ...scenario.steps.map((s) => s.atMs ?? 0));
  const base = opts.nowMs - latest;
  const fastWait = Math.floor(FAST_TOTAL_MS / Math.max(1, scenario.steps.length));
  return scenario.steps.map((step, i) => {
    const own: Record<string, string> = { messageId: opts.messageId };
    if (step.atMs !== null) own['time'] = formatTime(set.time, base + step.atMs);
    return {
      n: i + 1,
      step,
      set: Object.assign(own, step.set, opts.set),
      waitMs: opts.fast ? Math.min(step.gapMs, fastWait) : step.gapMs,
    };
  });
}
