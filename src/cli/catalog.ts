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

export async function catalogFor(argv: readonly string[]): Promise<Catalog> {
  if (!wantsHelp(argv)) return UNLOADED;
  const { providers } = await import('../providers/registry.js');
  const ids = providers.map((p) => p.id);
  return { ids: `${ids.slice(0, -1).join(', ')} or ${ids.at(-1)}`, names: providers.map((p) => p.name).join(', ') };
}
