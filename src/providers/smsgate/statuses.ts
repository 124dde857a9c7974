import type { Outcome, StatusInfo } from '../../core/types.js';

/** Display name used in problems and verdicts. */
export const NAME = 'SMS Gateway for Android';

/** The five documented events (docs/providers.md#smsgate-fields). */
export const EVENTS = ['sms:received', 'sms:sent', 'sms:delivered', 'sms:failed', 'system:ping'] as const;
export type SmsgateEvent = (typeof EVENTS)[number];

export const isEvent = (v: unknown): v is SmsgateEvent => typeof v === 'string' && (EVENTS as readonly string[]).includes(v);

const row = (label: string, meaning: string, final: boolean, outcome: Outcome): StatusInfo => ({ label, meaning, final, outcome });

/**
 * The status events, keyed by event name: the event is the status. Final and outcome are ours
 * (docs/providers.md#smsgate-c3: one `sms:delivered` per part, so delivered repeats by design).
 */
export const STATUSES: ReadonlyMap<string, StatusInfo> = new Map([
  ['sms:sent', row('Sent', 'the phone handed the SMS to the network', false, 'sent')],
  ['sms:delivered', { ...row('Delivered', "the recipient's network reported delivery (one report per part of a long SMS)", true, 'delivered'), perPart: true }],
  ['sms:failed', row('Failed', 'not sent, or not delivered; `reason` says why', true, 'failed')],
]);
