import { Command } from 'commander';
import { pairsOf, parsePositiveMillis, parseSecret } from './parse.js';
import { outcome, stdio, storeFrom } from './io.js';
import { DEFAULTS } from '../core/defaults.js';

interface ReplayFlags {
  to?: string;
  set?: Array<[string, string]>;
  add?: Array<[string, string]>;
  edit?: boolean;
  resign?: boolean;
  secret?: string;
  store?: string;
  timeout: number;
  json?: boolean;
}

/** `webhook-kit replay`: wiring only; the work is in commands/replay.ts (building and sending in capture/replay.ts). */
export const replayCommand = (): Command =>
  new Command('replay')
    .description("re-send a stored capture (byte for byte, or edited and re-encoded in the provider's format) and judge the answer")
    .argument('<id>', 'capture id (or a unique prefix)')
    .option('--to <url>', 'where to send it: a URL with a path is used as is; a bare origin gets the original path (default: where it was sent)')
    .option('--set <field=value>', "change a field, by the name `show` prints; the body is re-encoded in the provider's format and charset (repeatable; a field the capture lacks is refused)", pairsOf('--set', 'field=value', 'id_sms=42'))
    .option('--add <field=value>', 'like --set, for a field the capture does not have yet (repeatable)', pairsOf('--add', 'field=value', 'note=hi'))
    .option('--edit', 'edit the fields in $EDITOR before sending')
    .option('--resign', 're-sign (SMSC.ru) or refill the shared secret (Zender) with --secret')
    .option('--secret <secret>', 'the secret for --resign', parseSecret)
    .option('--store <file>', 'SQLite store (default: $WEBHOOK_KIT_HOME/captures.db or ~/.local/share/webhook-kit/captures.db)')
    .option('--timeout <ms>', 'how long to wait for the answer (500ms, 10s; a bare number is milliseconds)', parsePositiveMillis, DEFAULTS.replayTimeoutMs)
    .option('--json', 'the result as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  $ webhook-kit replay k7m2qx --to http://localhost:3000/sms
  $ webhook-kit replay k7m2qx --set status=20 --set err=1 --resign --secret my_secret-1
  $ webhook-kit replay k7m2qx --edit

Exit codes: 0 the answer satisfies the provider, 1 it does not, 2 usage (bad id, editor failed), 3 target unreachable.`,
    )
    .action(async (id: string, flags: ReplayFlags) => {
      outcome.onClosedPipe = 'finish';
      const [{ runReplay }, { KitError }, { checkUrl }, { secretsFrom }, { providerIds, providerNamed }] = await Promise.all([
        import('../commands/replay.js'),
        import('../core/errors.js'),
        import('./check-url.js'),
        import('./parse.js'),
        import('../providers/registry.js'),
      ]);
      if (flags.resign && flags.secret === undefined) throw new KitError('E_USAGE', '--resign needs --secret <secret>');
      if (!flags.resign && flags.secret !== undefined) throw new KitError('E_USAGE', '--secret is only used with --resign; add --resign to re-sign with it');
      outcome.code = await runReplay(
        id,
        {
          to: flags.to === undefined ? undefined : checkUrl(flags.to, '--to'),
          set: Object.fromEntries(flags.set ?? []),
          add: Object.fromEntries(flags.add ?? []),
          resignWith: flags.resign ? flags.secret : undefined,
          timeoutMs: flags.timeout,
          storePath: await storeFrom(flags.store),
          edit: flags.edit ?? false,
          json: flags.json ?? false,
          // Configured secrets (WEBHOOK_KIT_SECRET_*) are masked in the output, as show does.
          secrets: secretsFrom(undefined, process.env, providerIds(), (n) => providerNamed(n)?.id),
        },
        stdio(),
      );
    });
