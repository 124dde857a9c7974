import { Command, InvalidArgumentError, Option } from 'commander';
import { collectSecret, parsePositiveInt } from './parse.js';
import { outcome, stdio, storeFrom } from './io.js';
import { EVENT_KINDS, FILTER_FLAGS, OUTCOMES, SIGNATURE_STATES } from '../core/types.js';
import { parseWhen } from '../core/when.js';
import { didYouMean } from '../core/json-fields.js';
import type { FacetKey } from '../capture/filter.js';

interface StoreFlags {
  store?: string;
  secret?: Array<[string, string]>;
}

const storeOption = (c: Command): Command =>
  c
    .option('--store <file>', 'SQLite store (default: $WEBHOOK_KIT_HOME/captures.db or ~/.local/share/webhook-kit/captures.db)')
    .option('--secret <provider=value>', 'secret to check signatures with (repeatable; or WEBHOOK_KIT_SECRET_<PROVIDER>)', collectSecret);

interface FilterFlags {
  provider?: string[];
  event?: string[];
  outcome?: string[];
  signature?: string[];
  flag?: string[];
  messageId?: string[];
  phone?: string[];
  since?: number;
  until?: number;
  grep?: string[];
  filter?: string;
}

/**
 * A filter flag given more than once keeps every value (all must hold, as the filter words do),
 * not only the last as commander does; a flag with choices checks each value, naming the nearest.
 */
function repeatable(option: Option): Option {
  const choices = option.argChoices;
  return option.argParser((v: string, previous: unknown) => {
    // `--outcome ''` (an unset variable in a script) matched nothing, `--grep ''` everything, both
    // without a word. A blank --grep is a search for blanks; a blank facet value matches nothing.
    if (option.long === '--grep' ? v === '' : v.trim() === '') throw new InvalidArgumentError('give a value, or leave the flag out');
    if (choices && !choices.includes(v)) {
      throw new InvalidArgumentError(`${didYouMean(v, choices)}use one of: ${choices.join(', ')}`);
    }
    return [...(Array.isArray(previous) ? (previous as string[]) : []), v];
  });
}

/** `2h`, `7d` or an ISO time (core/when.ts, as the filter's `since:` reads it), as a commander parser: epoch ms. */
function parseWhenFlag(v: string): number {
  const when = parseWhen(v);
  if (when === null) throw new InvalidArgumentError('expected a duration ago (30m, 2h, 7d) or an ISO time (2026-12-01T10:00)');
  return when;
}

/** The filter flags of list and export: the same words as the TUI's `/` (combined with AND). */
const filterOptions = (c: Command): Command =>
  c
    .addOption(repeatable(new Option('--provider <id>', 'only this provider: its id or a route alias (sg24); another word matches part of an id')))
    .addOption(repeatable(new Option('--event <kind>', `only events of this kind (${EVENT_KINDS.join(', ')})`)))
    .addOption(repeatable(new Option('--outcome <outcome>', `only statuses with this outcome (${OUTCOMES.join(', ')})`)))
    .addOption(repeatable(new Option('--signature <state>', 'only this signature state').choices(SIGNATURE_STATES)))
    .addOption(repeatable(new Option('--flag <flag>', 'only captures flagged so').choices(FILTER_FLAGS)))
    .addOption(repeatable(new Option('--message-id <id>', 'only this message id (substring)')))
    .addOption(repeatable(new Option('--phone <number>', 'only this phone number (substring)')))
    .option('--since <when>', 'received since: a duration ago (30m, 2h, 7d) or an ISO time', parseWhenFlag)
    .option('--until <when>', 'received until: a duration ago or an ISO time', parseWhenFlag)
    .addOption(repeatable(new Option('--grep <text>', 'only captures whose decoded text contains this (case-insensitive)')))
    .option('--filter <words>', "the TUI's filter language, e.g. 'provider:zender sig:invalid since:1d'", (v: string) => {
      if (v.trim() === '') throw new InvalidArgumentError('give filter words, or leave the flag out');
      return v;
    });

/** The flags named as the facet they filter (capture/filter.ts FACETS). */
const FACET_FLAGS = ['provider', 'event', 'outcome', 'signature', 'flag', 'messageId', 'phone'] as const satisfies ReadonlyArray<keyof FilterFlags & FacetKey>;

/**
 * The filter of --filter's words and the flags (undefined when none is given). A flag's value is
 * one term as given, never split into words (`--phone '+7 999'` was read as phone:+7 and the word
 * 999), so --grep, --message-id and `--outcome 'not delivered'` may hold spaces.
 */
async function filterOf(f: FilterFlags) {
  const given = f.filter !== undefined || FACET_FLAGS.some((k) => f[k]?.length) || f.grep?.length || f.since !== undefined || f.until !== undefined;
  if (!given) return undefined;
  const [{ addTerm, parseFilter, problemOf }, { providerIds }, { KitError }] = await Promise.all([import('../capture/filter.js'), import('../providers/registry.js'), import('../core/errors.js')]);
  const filter = parseFilter(f.filter ?? '');
  for (const k of FACET_FLAGS) for (const v of f[k] ?? []) addTerm(filter, k, v);
  const problem = problemOf(filter, providerIds());
  if (problem) throw new KitError('E_USAGE', `${problem} (list/export filter)`);
  for (const g of f.grep ?? []) filter.text.push(g.toLowerCase());
  if (f.since !== undefined) filter.since = f.since;
  if (f.until !== undefined) filter.until = f.until;
  return filter;
}

async function history(flags: StoreFlags) {
  const [mod, { runSecrets }] = await Promise.all([import('../commands/history.js'), import('./parse.js')]);
  const secrets = await runSecrets(flags.secret);
  return { mod, base: { storePath: await storeFrom(flags.store), secrets } };
}

/** The exit codes of the commands that read the store (README, Exit codes). */
const READ_EXIT_CODES = (zero: string, two: string): string => `\n\nExit codes: 0 done (${zero}),\n2 usage error (${two}),\n3 no store at the path yet, or it cannot be read.`;

/** `list`, `show`, `export`, `clear`: read (or empty) the store that listen writes. */
export const historyCommands = (): Command[] => [
  filterOptions(storeOption(new Command('list')))
    .description('list stored captures, newest first')
    .option('-l, --limit <n>', 'at most n captures', parsePositiveInt, 50)
    .option('--json', 'one NDJSON object per capture')
    .addHelpText(
      'after',
      '\nExamples:\n  $ webhook-kit list\n  $ webhook-kit list --provider zender --signature invalid --since 1d\n  $ webhook-kit list --filter \'outcome:failed phone:7999\' --grep "spam"\n  $ webhook-kit list --limit 500 --json | jq \'select(.provider=="webcom")\'' + READ_EXIT_CODES('also when no capture matches: stderr says so', 'a bad flag, a filter word that can match nothing'),
    )
    .action(async (flags: StoreFlags & FilterFlags & { limit: number; json?: boolean }) => {
      const { mod, base } = await history(flags);
      outcome.code = mod.runList({ ...base, limit: flags.limit, json: flags.json ?? false, filter: await filterOf(flags) }, stdio());
    }),
  storeOption(new Command('show'))
    .description('show one capture: headers, body, decoded meaning, the answer sent')
    .argument('<id>', 'capture id (or a unique prefix), as printed by listen and list')
    .option('--json', 'the capture as one JSON object')
    .addOption(new Option('--raw', 'write the exact raw body bytes to stdout').conflicts('json'))
    .addHelpText('after', `\nExamples:\n  $ webhook-kit show k7m2qx\n  $ webhook-kit show k7m2qx --raw | xxd | head${READ_EXIT_CODES('the capture shown', 'a bad flag, an unknown or ambiguous id')}`)
    .action(async (id: string, flags: StoreFlags & { json?: boolean; raw?: boolean }) => {
      const { mod, base } = await history(flags);
      outcome.code = mod.runShow(id, { ...base, json: flags.json ?? false, raw: flags.raw ?? false }, stdio());
    }),
  filterOptions(storeOption(new Command('export')))
    .description('export captures as NDJSON, HAR 1.2 or curl commands (all captures when no id is given)')
    .argument('[ids...]', 'capture ids (default: all, oldest first)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['ndjson', 'har', 'curl']).default('ndjson'))
    .option('--base-url <url>', 'send exported requests here instead of the original Host (curl, har)')
    .option('--reveal-secrets', 'keep secrets in the output (masked by default, which makes a curl command inexact)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ webhook-kit export --format har > captures.har      # open in browser devtools\n  $ webhook-kit export --format curl k7m2qx --base-url http://localhost:3000 | sh' + READ_EXIT_CODES('also when no capture matches', 'a bad flag, a filter word that can match nothing, an unknown id'),
    )
    .action(async (ids: string[], flags: StoreFlags & FilterFlags & { format: 'ndjson' | 'har' | 'curl'; baseUrl?: string; revealSecrets?: boolean }) => {
      const { mod, base } = await history(flags);
      if (flags.baseUrl !== undefined && flags.format === 'ndjson') {
        const { KitError } = await import('../core/errors.js');
        throw new KitError('E_USAGE', '--base-url only applies to --format curl or har; add --format curl or drop --base-url');
      }
      outcome.code = mod.runExport(ids, { ...base, format: flags.format, baseUrl: flags.baseUrl, revealSecrets: flags.revealSecrets, filter: await filterOf(flags) }, stdio());
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
