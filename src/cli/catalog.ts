/** The providers as help text names them; read from the registry, loaded only when help is shown. */
export interface Catalog {
  /** The ids, e.g. "smsc, … or zender" */
  ids: string;
  /** The names, as the providers spell them */
  names: string;
}

/** Until help is asked for, the registry (every provider's code) stays unloaded: --help budgets its startup. */
const UNLOADED: Catalog = { ids: 'a provider id', names: 'SMS gateways' };

/** Whether argv shows help (commander prints it for -h, --help, `help` and a bare `webhook-kit`). */
export const wantsHelp = (argv: readonly string[]): boolean => argv.length <= 2 || argv.slice(2).some((a) => a === '-h' || a === '--help' || a === 'help');

/** The catalog of these providers. */
export function catalogOf(providers: ReadonlyArray<{ id: string; name: string }>): Catalog {
  const ids = providers.map((p) => p.id);
  return { ids: `${ids.slice(0, -1).join(', ')} or ${ids.at(-1)}`, names: providers.map((p) => p.name).join(', ') };
}

// The bundle bin/ runs has the catalog written in at build time (scripts/bundle-cli.mjs, from
// the same registry): its --help then loads no provider code. Undefined in the tsc build.
declare const WEBHOOK_KIT_CATALOG: Catalog | undefined;

export async function catalogFor(argv: readonly string[]): Promise<Catalog> {
  if (!wantsHelp(argv)) return UNLOADED;
  if (typeof WEBHOOK_KIT_CATALOG !== 'undefined') return WEBHOOK_KIT_CATALOG;
  const { providers } = await import('../providers/registry.js');
  return catalogOf(providers);
}
