import { Command, Option } from 'commander';
import { pairsOf, parseMillis, parsePositiveMillis, parseSecret } from './parse.js';
import type { Catalog } from './catalog.js';
import { outcome, stdio } from './io.js';
import type { Provider } from '../core/types.js';
import type { KitError as KitErrorClass } from '../core/errors.js';

interface SendFlags {
  provider?: string;
  fixture?: string;
  file?: string;
  scenario?: string;
  to?: string;
  list?: boolean;
  set?: Array<[string, string]>;
  add?: Array<[string, string]>;
  secret?: string;
  sign?: 'md5' | 'sha1' | 'crc32';
  legacy?: boolean;
  retry: boolean;
  fast?: boolean;
  retryInterval?: number;
  timeout?: number;
  json?: boolean;
}

/** `webhook-kit send`: wiring only; the work is in commands/send.ts. */
export const sendCommand = (catalog: Catalog): Command =>
  new Command('send')
    .description("play a provider at your endpoint: its real wire format and retry rules, then a verdict on your endpoint's answers")
    .option('-p, --provider <id>', catalog.ids)
    .option('-f, --fixture <name>', 'which sample to send (see --list; default: delivered, or the provider\'s first)')
    .addOption(new Option('--file <path>', "send your own payload in the provider's format (a body, or a full request like samples/*.http)").conflicts('fixture'))
    .addOption(new Option('--scenario <name>', 'play the callbacks of one message: lifecycle, failed, duplicate, out-of-order, multipart (the ones the provider can produce; see --list)').conflicts(['fixture', 'file']))
    .option('--to <url>', 'your endpoint (SMSC.ru handler URL syntax with ! and ? is honoured)')
    .option('--list', 'list the fixtures and scenarios (with --provider: only that provider\'s)')
    .option('--set <field=value>', 'override a field before encoding, by the name `show` prints, e.g. --set id_sms=42 or 1.state=expired (repeatable; a field the fixture lacks is refused)', pairsOf('--set', 'field=value', 'id_sms=42'))
    .option('--add <field=value>', 'like --set, for a field the fixture does not have yet (repeatable)', pairsOf('--add', 'field=value', 'note=hi'))
    .option('--secret <secret>', 'sign (SMSC.ru, SMS Gateway for Android) or fill the shared secret (Zender)', parseSecret)
    .addOption(new Option('--sign <algorithm>', 'SMSC.ru signature algorithm').choices(['md5', 'sha1', 'crc32']))
    .option('--legacy', 'SMSGateway24: the legacy field set (sim, numeric address)')
    .option('--no-retry', 'one attempt only')
    .option('--fast', 'compress the retry schedule so a whole run takes about a second (and a scenario\'s waits between steps)')
    .option('--retry-interval <ms>', 'wait this long between attempts instead of the provider\'s interval (a bare number is milliseconds)', parseMillis)
    .option('--timeout <ms>', 'how long to wait for each answer (default: the provider\'s timeout; 500ms, 10s; a bare number is milliseconds)', parsePositiveMillis)
    .option('--json', 'NDJSON: the request, each attempt, then the verdict (a scenario: per step, then the verdict)')
    .addHelpText(
      'after',
      `
Examples:
  $ webhook-kit send --list
  $ webhook-kit send --provider webcom --fixture delivered --to http://localhost:3000/hook --fast
  $ webhook-kit send --provider smsc --fixture incoming --to 'http://localhost:3000/sms.php!g=1?md5=my_secret-1'
  $ webhook-kit send --provider zender --fixture incoming --secret MY_SECRET --to http://localhost:3000/zender --json
  $ webhook-kit send --provider smsc --scenario duplicate --to http://localhost:3000/sms --fast

Exit codes: 0 the endpoint handled it (every step of a scenario) as the provider requires, 1 it did
not (the verdict says why), 2 usage error, 3 endpoint unreachable on every attempt.`,
    )
    .action(async (flags: SendFlags, cmd: Command) => {
      outcome.onClosedPipe = 'finish';
      const { runSend, runSendList } = await import('../commands/send.js');
      if (flags.list) {
        outcome.code = runSendList(flags.provider, flags.json ?? false, stdio());
        return;
      }
      const [{ KitError }, { checkUrl }, { resolveProvider, providers }] = await Promise.all([import('../core/errors.js'), import('./check-url.js'), import('../providers/registry.js')]);
      // What is wrong with the provider is said first: it decides everything else.
      const provider = resolveProvider(flags.provider);
      refuseUnused(provider, flags, providers, KitError);
      if (!flags.to) throw new KitError('E_USAGE', '--to <url> is required: the endpoint to send to, e.g. --to http://localhost:3000/hook');
      // One attempt has no interval: refused, as listen refuses a flag that would do nothing (a
      // config file's retryInterval is for the runs with retries).
      if (!flags.retry && cmd.getOptionValueSource('retryInterval') === 'cli') throw new KitError('E_USAGE', '--retry-interval only applies with retries; drop --no-retry or --retry-interval');
      checkUrl(flags.to, '--to', flags.secret ? [flags.secret] : []);
      outcome.code = await runSend(
        {
          provider: flags.provider ?? '',
          fixture: flags.fixture,
          file: flags.file,
          scenario: flags.scenario,
          to: flags.to,
          encode: { set: Object.fromEntries(flags.set ?? []), add: Object.fromEntries(flags.add ?? []), secret: flags.secret, sign: flags.sign, legacy: flags.legacy },
          retry: flags.retry,
          fast: flags.fast,
          intervalMs: flags.retryInterval,
          timeoutMs: flags.timeout,
          json: flags.json ?? false,
        },
        stdio(),
      );
    });

const FLAG_OF = { secret: '--secret', sign: '--sign', legacy: '--legacy' } as const;

/** A flag the provider's encoding does not read is refused in one line, as listen refuses its flags, never ignored. */
function refuseUnused(provider: Provider, flags: SendFlags, all: readonly Provider[], Err: typeof KitErrorClass): void {
  const given = (Object.keys(FLAG_OF) as Array<keyof typeof FLAG_OF>).filter((k) => flags[k] !== undefined);
  for (const key of given) {
    if (provider.encodeOptions?.includes(key)) continue;
    const users = all.filter((p) => p.encodeOptions?.includes(key)).map((p) => p.name);
    const only = users.length > 1 ? `${users.slice(0, -1).join(', ')} and ${users.at(-1)}` : users.join('');
    throw new Err('E_USAGE', `${FLAG_OF[key]} does not apply to ${provider.name} (only ${only}); drop ${FLAG_OF[key]}`);
  }
}
