import type { StatusInfo } from '../../core/types.js';

/** Display name used in problems and verdicts. */
export const NAME = 'Webcom Mobi';

/**
 * `partly_deliver` ("sent but status never received") is treated as final with an unknown
 * outcome; whether it can still change is not documented (docs/providers.md#webcom-c3).
 */
export const PARTLY_DELIVER_FINAL = true;

/**
 * The `state` table (docs/providers.md#webcom-states). `deliver` is final in practice, yet a
 * Viber message may still move on to `read` (docs/providers.md#webcom-c3): decoders must allow that.
 */
export const STATUSES: ReadonlyMap<string, StatusInfo> = new Map<string, StatusInfo>([
  ['send', { label: 'sent', meaning: 'sent, status not received yet', final: false, outcome: 'sent' }],
  ['deliver', { label: 'delivered', meaning: 'delivered', final: true, outcome: 'delivered' }],
  ['read', { label: 'read', meaning: 'read', final: true, outcome: 'read' }],
  ['not_deliver', { label: 'not delivered', meaning: 'not delivered', final: true, outcome: 'failed' }],
  [
    'expired',
    { label: 'expired', meaning: 'subscriber unreachable during delivery attempts', final: true, outcome: 'expired' },
  ],
  [
    'partly_deliver',
    { label: 'partly delivered', meaning: 'sent but status never received', final: PARTLY_DELIVER_FINAL, outcome: 'unknown' },
  ],
]);
