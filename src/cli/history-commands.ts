import { Command, Option } from 'commander';
import { collectPair, parsePositiveInt } from './parse.js';
import { outcome, stdio, storeFrom } from './io.js';

interface StoreFlags {
  store?: string;
  secret?: Array<[string, string]>;
}

const storeOption = (c: Command): Command =>
  c
    .option('--store <file>', 'SQLite store (default: $WEBHOOK_KIT_HOME/captures.db or ~/.local/share/webhook-kit/captures.db)')
    .option('--secret <provider=value>', 'secret to check signatures with (repeatable; or WEBHOOK_KIT_SECRET_<PROVIDER>)', collectPair);

async function history(flags: StoreFlags) {
  const [mod, { secretsFrom }, { checkProviderIds, providerIds }] = await Promise.all([
    import('../commands/history.js'),
    import('./parse.js'),
    import('../providers/registry.js'),
  ]);
  const secrets = secretsFrom(flags.secret, process.env, providerIds());
  checkProviderIds(Object.keys(secrets));
  return { mod, base: { storePath: await storeFrom(flags.store), secrets } };
}

/** `list`, `show`, `export`, `clear`: read (or empty) the store that listen writes. */
export const historyCommands = (): Command[] => [
  storeOption(new Command('list'))
    .description('list stored captures, newest first')
    .option('-l, --limit <n>', 'at most n captures', parsePositiveInt, 50)
    .option('--json', 'one NDJSON object per capture')
    .addHelpText('after', '\nExamples:\n  $ webhook-kit list\n  $ webhook-kit list --limit 500 --json | jq \'select(.provider=="webcom")\'')
    .action(async (flags: StoreFlags & { limit: number; json?: boolean }) => {
      const { mod, base } = await history(flags);
      outcome.code = mod.runList({ ...base, limit: flags.limit, json: flags.json ?? false }, stdio());
    }),
  storeOption(new Command('show'))
    .description('show one capture: headers, body, decoded meaning, the answer sent')
    .argument('<id>', 'capture id (or a unique prefix), as printed by listen and list')
    .option('--json', 'the capture as one JSON object')
    .option('--raw', 'write the exact raw body bytes to stdout')
    .addHelpText('after', '\nExamples:\n  $ webhook-kit show k7m2qx\n  $ webhook-kit show k7m2qx --raw | xxd | head')
    .action(async (id: string, flags: StoreFlags & { json?: boolean; raw?: boolean }) => {
      const { mod, base } = await history(flags);
      outcome.code = mod.runShow(id, { ...base, json: flags.json ?? false, raw: flags.raw ?? false }, stdio());
    }),
  storeOption(new Command('export'))
    .description('export captures as NDJSON, HAR 1.2 or curl commands (all captures when no id is given)')
    .argument('[ids...]', 'capture ids (default: all, oldest first)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['ndjson', 'har', 'curl']).default('ndjson'))
    .option('--base-url <url>', 'send exported requests here instead of the original Host (curl, har)')
    .option('--reveal-secrets', 'keep secrets in the output (masked by default, which makes a curl command inexact)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ webhook-kit export --format har > captures.har      # open in browser devtools\n  $ webhook-kit export --format curl k7m2qx --base-url http://localhost:3000 | sh',
    )
    .action(async (ids: string[], flags: StoreFlags & { format: 'ndjson' | 'har' | 'curl'; baseUrl?: string; revealSecrets?: boolean }) => {
      const { mod, base } = await history(flags);
      outcome.code = mod.runExport(ids, { ...base, format: flags.format, baseUrl: flags.baseUrl, revealSecrets: flags.revealSecrets }, stdio());
    }),
  storeOption(new Command('clear'))
    .description('delete every stored capture')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExample:\n  $ webhook-kit clear --yes')
    .action(async (flags: StoreFlags & { yes?: boolean }) => {
      const { mod, base } = await history(flags);
      outcome.code = await mod.runClear({ ...base, yes: flags.yes ?? false }, { ...stdio(), stdin: process.stdin });
    }),
];
