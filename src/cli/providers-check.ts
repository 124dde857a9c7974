import { KitError } from '../core/errors.js';
import { isHttpUrl } from '../core/raw-request.js';
import { maskUrl } from '../core/redact.js';
import { providerIds } from '../providers/registry.js';

/** Throws a usage error naming the valid providers when an id is not one of them. */
export function checkProviderIds(ids: readonly string[]): void {
  const known = providerIds();
  for (const id of ids) {
    if (!known.includes(id)) {
      throw new KitError('E_UNKNOWN_PROVIDER', `unknown provider "${id}"; use one of: ${known.join(', ')}`);
    }
  }
}

/** The URL itself, or a usage error naming the flag when it is not an http(s) URL. */
export function checkUrl(url: string, flag: string): string {
  if (!isHttpUrl(url)) throw new KitError('E_USAGE', `${flag} must be an http(s) URL such as http://localhost:3000, got "${maskUrl(url).slice(0, 60)}"`);
  return url;
}
