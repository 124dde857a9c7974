import { defaultStorePath } from '../capture/store-path.js';
import { listSamples } from '../core/samples.js';

/** What completion needs of the commander tree (src/cli/completion.ts builds it). */
export interface CommandTree {
  commands: Array<{ name: string; flags: Array<{ flag: string; takesValue: boolean; choices: readonly string[] }> }>;
}

/** Commands whose first argument is a capture id. */
const TAKES_CAPTURE_ID = new Set(['show', 'replay', 'export']);
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
  const chosen = provider === undefined ? providers : [providerById(provider.toLowerCase())].filter((p) => p !== undefined);
  return [...new Set(chosen.flatMap((p) => (p.scenarios?.offered ?? []).map((s) => s.name)))];
}

/**
 * Completions for `words` (everything after `webhook-kit`, the last being the word under the
 * cursor, possibly empty): commands, flags, provider ids, fixture and scenario names, capture ids.
 */
export async function candidates(tree: CommandTree, words: readonly string[]): Promise<string[]> {
  const current = words.at(-1) ?? '';
  const starts = (xs: readonly string[]): string[] => xs.filter((x) => x.startsWith(current));
  if (words.length <= 1) return starts(tree.commands.map((c) => c.name));
  const command = tree.commands.find((c) => c.name === words[0]);
  if (!command) return [];
  const previous = words.at(-2) ?? '';
  const flag = command.flags.find((f) => f.flag === previous);
  if (flag?.takesValue || previous === '-p') {
    const name = flag?.flag ?? '--provider';
    if (flag?.choices.length) return starts(flag.choices);
    if (name === '--provider') return starts(await providerIds());
    if (name === '--fixture') return starts([...new Set(listSamples(valueOf(words, '--provider', '-p')).map((s) => s.name))]);
    if (name === '--scenario') return starts(await scenarioNames(valueOf(words, '--provider', '-p')));
    if (name === '--capture') return starts(await captureIds(words));
    // Files, URLs, numbers: the shell's own completion (bash: -o default) takes over.
    return [];
  }
  if (current.startsWith('-')) return starts(command.flags.map((f) => f.flag));
  if (command.name === 'completion') return starts(SHELLS);
  if (TAKES_CAPTURE_ID.has(command.name)) return starts(await captureIds(words));
  return [];
}
