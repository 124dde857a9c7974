import { parseBody } from '../core/body.js';
import { loadExpectation, loadSample } from '../core/samples.js';
import type { RawRequest } from '../core/raw-request.js';
import { maskUrl, redactor } from '../core/redact.js';
import { toSafeJson, toSafeText } from '../core/safe-text.js';
import type { Io } from '../core/io.js';
import type { Provider } from '../core/types.js';
import { formatSize } from '../output/describe.js';
import { paintFor } from '../output/paint.js';
import { lossWarning } from '../providers/stale.js';
import { resolveFixture } from '../send/fixtures.js';
import { planDelays } from '../send/plan.js';
import { freshMessageId, planScenario, resolveScenario, type PlannedStep } from '../send/scenario.js';
import { scenarioVerdict, stepVerdict, type StepResult } from '../send/verdict.js';
import { attemptPrinter, encodeOptions, secretsOfSend, type SendOptions } from './send.js';

/** The step's request: its fixture encoded with the run's overrides, signed as `send` signs an edited fixture. */
function encodeStep(p: Provider, planned: PlannedStep, opts: SendOptions, warn: (line: string) => void): RawRequest {
  const ref = resolveFixture(p, planned.step.fixture);
  const sample = loadSample(ref);
  const own = loadExpectation(ref)?.['secret'];
  const encode = { ...opts.encode, set: planned.set };
  const how = encodeOptions(p, sample, typeof own === 'string' ? own : undefined, { encode }, warn);
  return p.encode(sample, opts.to, { ...how, onLoss: (lost, cs) => warn(`${lossWarning(lost, cs)}\n`) });
}

const quiet = (): void => undefined;

/** The message id the request really carries (after every override), for the lines that name it. */
const messageIdOf = (p: Provider, req: RawRequest): string | null => p.decode(req, parseBody(req)).events[0]?.messageId ?? null;

/**
 * `send --scenario`: the callbacks of one message in the provider's codes, one after another,
 * each delivered with the provider's retry rules (send/runner.ts), then a verdict on every step.
 */
export async function runScenario(provider: Provider, name: string, opts: SendOptions, io: Io): Promise<number> {
  const scenario = resolveScenario(provider, name);
  const user = opts.encode.set ?? {};
  const fresh = user['messageId'] ?? freshMessageId(provider.scenarios!.messageId);
  const plan = planScenario(provider, scenario, { messageId: fresh, nowMs: Date.now(), set: user, fast: opts.fast });
  const delays = planDelays(provider.retry, opts);
  const timeoutMs = opts.timeoutMs ?? provider.retry.timeoutMs;
  const paint = paintFor(io.stdout, io.env);
  const line = (s: string): void => void io.stdout.write(`${s}\n`);
  // Every step is encoded first, so a --set one of them cannot take is refused (and a warning
  // said once) before anything is sent; then again just before it goes out, so a signature's clock is fresh.
  const warn = (l: string): void => void io.stderr.write(l);
  const [first] = plan.map((planned) => encodeStep(provider, planned, opts, warn)) as [RawRequest];
  const messageId = messageIdOf(provider, first) ?? fresh;
  const head = redactor(secretsOfSend(provider, first, opts));
  if (opts.json) line(toSafeJson(head.deep({ type: 'scenario', provider: provider.id, scenario: scenario.name, messageId, steps: plan.length, summary: scenario.summary })));
  else line(`${paint.bold(provider.name)} scenario ${scenario.name}: ${head.safe(scenario.summary)}, message ${head.safe(messageId)} → ${toSafeText(maskUrl(first.url, secretsOfSend(provider, first, opts)))}`);
  const { runDelivery } = await import('../send/runner.js');
  const { setTimeout: sleep } = await import('node:timers/promises');
  const sent: RawRequest[] = [];
  const results: StepResult[] = [];
  for (const planned of plan) {
    const { step, n } = planned;
    if (n > 1 && planned.waitMs > 0) {
      if (!opts.json && planned.waitMs >= 2000) io.stderr.write(paint.dim(`  next step in ${Math.round(planned.waitMs / 1000)} s (--fast to compress)\n`));
      await sleep(planned.waitMs);
    }
    // A repeat is the earlier callback again, byte for byte, as a re-send is.
    const request = step.role === 'repeat' && sent[step.repeats ?? 0] ? sent[step.repeats ?? 0]! : n === 1 ? first : encodeStep(provider, planned, opts, quiet);
    sent.push(request);
    const secrets = secretsOfSend(provider, request, opts);
    const mask = redactor(secrets);
    const contentType = request.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '-';
    if (opts.json) {
      line(toSafeJson(mask.deep({ type: 'request', step: n, provider: provider.id, fixture: step.fixture, method: request.method, url: maskUrl(request.url, secrets), contentType, size: request.body.length, attemptsPlanned: delays.length + 1 })));
    } else {
      line(`step ${n}/${plan.length}  ${mask.safe(step.note)}  (${mask.safe(step.fixture)}, ${formatSize(request.body.length)})`);
    }
    const onAttempt = attemptPrinter({ provider, json: opts.json, io, mask, paint, extra: { step: n }, indent: '    ' });
    const attempts = await runDelivery({ provider, request, delays, timeoutMs, onAttempt });
    const verdict = stepVerdict(provider, step, attempts);
    results.push({ n, step, attempts, verdict });
    if (opts.json) {
      line(toSafeJson(mask.deep({ type: 'step', n, fixture: step.fixture, role: step.role ?? null, note: step.note, messageId, ok: verdict.ok, exitCode: verdict.exitCode, attempts: attempts.length, text: verdict.text })));
    } else {
      line(`  ${verdict.ok ? paint.green('✓') : paint.red('✗')} step ${n}: ${mask.safe(verdict.text)}`);
    }
    // An endpoint that took no attempt of a step at all is gone: the rest would only wait on it.
    if (attempts.every((a) => a.result.error?.kind === 'unreachable')) break;
  }
  const verdict = scenarioVerdict(provider, scenario, results);
  const attempts = results.reduce((k, r) => k + r.attempts.length, 0);
  if (opts.json) line(toSafeJson(head.deep({ type: 'verdict', ok: verdict.ok, exitCode: verdict.exitCode, attempts, steps: results.length, text: verdict.text })));
  else line(`${verdict.ok ? paint.green('✓') : paint.red('✗')} ${head.safe(verdict.text)}`);
  return verdict.exitCode;
}
