import { KitError } from '../core/errors.js';
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
