import type { ParsedBody } from '../core/body.js';
import { splitUrl, type RawRequest } from '../core/raw-request.js';
import { KitError } from '../core/errors.js';
import { didYouMean } from '../core/json-fields.js';
import type { Provider } from '../core/types.js';
import { smsc } from './smsc/index.js';
import { webcom } from './webcom/index.js';
import { smsgateway24 } from './smsgateway24/index.js';
import { zender } from './zender/index.js';
import { smsgate } from './smsgate/index.js';

/** Every provider; adding one is its folder plus one line here (README, "Adding a provider"). */
export const providers: readonly Provider[] = [
  smsc,
  webcom,
  smsgateway24,
  zender,
  smsgate,
];

/** Detection below this confidence leaves a request as a plain capture. */
const MIN_CONFIDENCE = 0.5;

export function providerById(id: string): Provider | undefined {
  return providers.find((p) => p.id === id);
}

export const providerIds = (): string[] => providers.map((p) => p.id);

/** The provider an id or one of its route aliases names, in any case (`sg24` is smsgateway24). */
export function providerNamed(name: string): Provider | undefined {
  const n = name.toLowerCase();
  return providerById(n) ?? providers.find((p) => p.routes.includes(n));
}

/** Every name providerNamed() knows: the ids, then the other route aliases. */
export const providerNames = (): string[] => [...new Set(providers.flatMap((p) => [p.id, ...p.routes]))];

const unknown = (id: string): KitError => {
  return new KitError('E_UNKNOWN_PROVIDER', `unknown provider "${id}"; ${didYouMean(id.toLowerCase(), providerNames())}use one of: ${providerIds().join(', ')}`);
};

/** The provider named by --provider (an id or a route alias), or a usage error listing the valid ones. */
export function resolveProvider(id: string | undefined): Provider {
  if (!id) throw new KitError('E_USAGE', `--provider is required; use one of: ${providerIds().join(', ')}`);
  const p = providerNamed(id);
  if (!p) throw unknown(id);
  return p;
}

/** Throws a usage error naming the valid providers when an id is not one of them (--secret provider=…). */
export function checkProviderIds(ids: readonly string[]): void {
  for (const id of ids) if (!providerById(id)) throw unknown(id);
}

/**
 * Which provider sent this request: an explicit route (`/smsc/...`) always wins, then the
 * single most confident field signature. Ambiguous or unknown requests give null.
 */
export function identifyProvider(req: RawRequest, body: ParsedBody): Provider | null {
  const first = splitUrl(req.url).path.split('/')[1]?.toLowerCase() ?? '';
  const routed = providers.find((p) => p.routes.includes(first));
  if (routed) return routed;
  const scored = providers
    .map((p) => ({ p, score: safeScore(p, req, body) }))
    .filter((s) => s.score >= MIN_CONFIDENCE)
    .sort((a, b) => b.score - a.score);
  if (scored.length === 0) return null;
  if (scored.length > 1 && scored[0]!.score === scored[1]!.score) return null;
  return scored[0]!.p;
}

function safeScore(p: Provider, req: RawRequest, body: ParsedBody): number {
  try {
    return p.detect(req, body);
  } catch {
    return 0;
  }
}
