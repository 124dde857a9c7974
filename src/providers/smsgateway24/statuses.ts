import type { StatusInfo } from '../../core/types.js';

/** Display name used in problems and verdicts. */
export const NAME = 'SMSGateway24';

const notSent = (why: string): StatusInfo => ({
  label: 'not sent',
  meaning: `not sent: ${why}`,
  final: true,
  outcome: 'failed',
});

/**
 * The `status_id` table (docs/providers.md#smsgateway24-statuses). Lifecycle 1 -> 3 -> 2 -> 6 ->
 * 7/8; "final" is our classification, the docs mark none. 7 means delivered: the Italian
 * "spediti" is a slip.
 */
export const STATUSES: ReadonlyMap<string, StatusInfo> = new Map<string, StatusInfo>([
  ['1', { label: 'pending', meaning: 'pending', final: false, outcome: 'pending' }],
  ['3', { label: 'queued', meaning: 'queued for sending', final: false, outcome: 'pending' }],
  ['2', { label: 'taken by phone', meaning: 'taken by the phone', final: false, outcome: 'pending' }],
  ['5', { label: 'incoming', meaning: 'incoming SMS, not expected in a status webhook', final: false, outcome: 'unknown' }],
  ['6', { label: 'sent', meaning: 'sent by the phone; last if no delivery report comes', final: false, outcome: 'sent' }],
  ['7', { label: 'delivered', meaning: 'SMS has been delivered', final: true, outcome: 'delivered' }],
  ['8', { label: 'not delivered', meaning: 'not delivered', final: true, outcome: 'failed' }],
  ['9', notSent('generic failure')],
  ['10', notSent('no service')],
  ['11', notSent('null PDU')],
  ['12', notSent('radio off')],
  ['100', notSent('SMS permission not granted to the app')],
  ['101', notSent('SMS permission not granted to the app')],
]);
