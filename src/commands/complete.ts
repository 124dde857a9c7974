import { defaultStorePath } from '../capture/store-path.js';
import { listSamples } from '../core/samples.js';
import { EVENT_KINDS, OUTCOMES } from '../core/types.js';
import { TUNNEL_NAMES } from '../tunnel/spec.js';

/** A flag: its long name, its short alias (`-p`), and the choices commander checks (none: any value). */
export interface FlagInfo {
  flag: string;
  short?: string;
  takesValue: boolean;
  choices: readonly string[];
}

/** What completion needs of the commander tree (src/cli/completion.ts builds it). */
export interface CommandTree {
  /** The program's own flags (`--help`, `--version`). */
  flags: FlagInfo[];
  commands: Array<{ name: string; flags: FlagInfo[] }>;
}

/**
 * Values of flags commander does not check (history-commands.ts: `--event stat` matches as a
 * substring, as the filter's `event:` does), taken from where they are defined.
 */
const VALUES: Record<string, readonly string[]> = {
  '--event': EVENT_KINDS,
  '--outcome': OUTCOMES,
  // Not `ssh:<user@host>`: the shells would end a completed `ssh:` with a space.
  '--tunnel': TUNNEL_NAMES,
};

/** Commands whose arguments are capture ids: one (`show <id>`, `replay <id>`) or any number (`export [ids...]`). */
const TAKES_CAPTURE_ID = new Set(['show', 'replay', 'export']);
const ONE_CAPTURE_ID = new Set(['show', 'replay']);
const SHELLS = ['bash', 'zsh', 'fish'];

/** The value after `flag` (long or its short alias) among the words typed so far. */
const valueOf = (words: readonly string[], ...flags: string[]): string | undefined => {
  const i = words.findIndex((w) => flags.includes(w));
  return i >= 0 ? words[i + 1] : words.find((w) => flags.some((f) => w.startsWith(`${f}=`)))?.split('=').slice(1).join('=');
};

/** The newest capture ids of the store the words point at (none when it cannot be read). */
async function captureIds(words: readonly string[]): Promise<string[]> {
  try {
    const { withStore } = await import('../capture/store.js');
    return withStore(valueOf(words, '--store') ?? defaultStorePath(), (store) => store.list({ limit: 100 }).map((r) => r.id));
  } catch {
    return [];
  }
}

async function providerIds(): Promise<string[]> {
  const { providerIds: ids } = await import('../providers/registry.js');
  return ids();
}

/** The scenario names of the provider typed (of every provider when none is). */
async function scenarioNames(provider: string | undefined): Promise<string[]> {
  const { providerById, providers } = await import('../providers/registry.js');
  const chosen = provider === undefined ? providers : [providerById(provider)].filter((p) => p !== undefined);
  return [...new Set(chosen.flatMap((p) => (p.scenarios?.offered ?? []).map((s) => s.name)))];
}

/**
 * Completions for `words` (everything after `webhook-kit`, the last being the word under the
 * cursor, possibly empty): commands, flags, provider ids, fixture and scenario names, capture ids.
 */
export async function candidates(tree: CommandTree, words: readonly string[]): Promise<string[]> {
  const current = words.at(-1) ?? '';
  const starts = (xs: readonly string[]): string[] => xs.filter((x) => x.startsWith(current));
  const longs = (flags: readonly FlagInfo[]): string[] => flags.map((f) => f.flag);
  if (words.length <= 1) return current.startsWith('-') ? starts(longs(tree.flags)) : starts(tree.commands.map((c) => c.name));
  const command = tree.commands.find((c) => c.name === words[0]);
  if (!command) return [];
  // A short alias means what it means on this command: `-p` is --provider on send, --port on listen.
  const aliases = (name: string): string[] => command.flags.filter((f) => f.flag === name).flatMap((f) => [f.flag, ...(f.short ? [f.short] : [])]);
  // An alias (sg24) names its provider's fixtures and scenarios too, as --provider takes it.
  const provider = async (): Promise<string | undefined> => {
    const typed = valueOf(words, ...aliases('--provider'));
    return typed === undefined ? undefined : ((await import('../providers/registry.js')).providerNamed(typed)?.id ?? typed);
  };
  // `--outcome=d`: the value completed as after `--outcome d`, offered with its flag.
  const eq = /^(--[^=]+)=(.*)$/s.exec(current);
  if (eq) {
    const [, name, value] = eq as unknown as [string, string, string];
    if (!command.flags.some((f) => f.flag === name && f.takesValue)) return [];
    return (await candidates(tree, [...words.slice(0, -1), name, value])).map((v) => `${name}=${v}`);
  }
  const previous = words.at(-2) ?? '';
  const flag = command.flags.find((f) => f.flag === previous || f.short === previous);
  if (flag?.takesValue) {
    if (flag.choices.length) return starts(flag.choices);
    const values = VALUES[flag.flag];
    if (values) return starts(values);
    if (flag.flag === '--provider') return starts(await providerIds());
    if (flag.flag === '--fixture') return starts([...new Set(listSamples(await provider()).map((s) => s.name))]);
    if (flag.flag === '--scenario') return starts(await scenarioNames(await provider()));
    if (flag.flag === '--capture') return starts(await captureIds(words));
    // Files, URLs, numbers: the shell's own completion (bash: -o default) takes over.
    return [];
  }
  if (current.startsWith('-')) return starts(longs(command.flags));
  if (command.name === 'completion') return starts(SHELLS);
  // `help <command>`: commander's help command takes a command name.
  if (command.name === 'help') return words.length === 2 ? starts(tree.commands.map((c) => c.name).filter((n) => n !== 'help')) : [];
  if (ONE_CAPTURE_ID.has(command.name) && argumentCount(command.flags, words.slice(1, -1)) > 0) return [];
  if (TAKES_CAPTURE_ID.has(command.name)) return starts(await captureIds(words));
  return [];
}

/** How many arguments (not flags, nor a flag's value) are among `words`. */
function argumentCount(flags: readonly FlagInfo[], words: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-')) n++;
    else if (!w.includes('=') && flags.some((f) => (f.flag === w || f.short === w) && f.takesValue)) i++;
  }
  return n;
}
