import { providers } from '../providers/registry.js';

/** One "paste this" line: the callback URL to enter in a provider's settings, and where. */
export interface CallbackUrl {
  provider: string;
  /** Display name (SMSC.ru, Webcom Mobi, ...). */
  name: string;
  url: string;
  note: string;
}

/**
 * The exact callback URL for each provider on a public base (routes as in the README's provider
 * table). Secrets appear only as placeholders: the user types theirs into the gateway, never into
 * a terminal that may be recorded.
 */
export function callbackUrls(publicBase: string): CallbackUrl[] {
  const base = publicBase.replace(/\/+$/, '');
  // Each provider's own syntax lives in its folder (Provider.callback); the list is the registry's.
  return providers.map((p) => ({ provider: p.id, name: p.name, ...p.callback(base) }));
}
