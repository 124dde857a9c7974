import { KitError } from '../core/errors.js';
import { isHttpUrl } from '../core/raw-request.js';
import { maskUrl } from '../core/redact.js';
import { safePreview } from '../core/safe-text.js';

/** The URL itself, or a usage error naming the flag when it is not an http(s) URL. */
export function checkUrl(url: string, flag: string, secrets: readonly string[] = []): string {
  if (!isHttpUrl(url)) throw new KitError('E_USAGE', `${flag} must be an http(s) URL such as http://localhost:3000, got "${safePreview(maskUrl(url, secrets), 60)}"`);
  return url;
}
