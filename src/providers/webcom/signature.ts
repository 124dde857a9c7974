import type { SignatureCheck, SignatureState } from '../../core/types.js';

/**
 * Webcom Mobi signs nothing (docs/providers.md#webcom-signature), so there
 * is never a signature to find: reported as `absent` rather than `unchecked`, which would
 * suggest a check we could have made with a secret.
 */
export const WEBCOM_SIGNATURE_STATE: SignatureState = 'absent';

/** Why: also what a capture says without a secret configured (Provider.unsigned). */
export const UNSIGNED = 'Webcom Mobi does not sign callbacks';

/** The same answer for every request: there is nothing to verify. */
export function verify(): SignatureCheck {
  return {
    state: WEBCOM_SIGNATURE_STATE,
    algorithm: null,
    canonical: null,
    computed: null,
    received: null,
    detail: UNSIGNED,
    diagnoses: [],
  };
}
