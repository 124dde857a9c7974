import type { Outcome, StatusInfo } from '../../core/types.js';

/** Display name used in "not in SMSC.ru's table" messages. */
export const NAME = 'SMSC.ru';

function row(label: string, meaning: string, final: boolean, outcome: Outcome): StatusInfo {
  return { label, meaning, final, outcome };
}

/**
 * `status` codes, as docs/providers.md#smsc-statuses (vendor page smscentre.com statuses, codes -3..4,
 * plus integrations for 6 and 20..25). Final/intermediate is our classification, not the vendor's.
 */
export const STATUSES: ReadonlyMap<string, StatusInfo> = new Map([
  ['-3', row('Message not found', 'no message for this phone+id (status query artefact; not expected in callbacks)', true, 'failed')],
  ['-2', row('Stopped', 'mass-mailing paused before the message left to the operator', false, 'pending')],
  ['-1', row('Waiting to be sent', 'queued / scheduled', false, 'pending')],
  ['0', row('Transferred to operator', 'handed to operator SMSC', false, 'sent')],
  // 1 may still become 4 when link-click tracking is on; it is final for delivery purposes.
  ['1', row('Delivered', 'delivered to subscriber', true, 'delivered')],
  ['2', row('Read', 'read/opened (e-mail in HTML format)', true, 'read')],
  ['3', row('Expired', 'validity period ended undelivered', true, 'expired')],
  ['4', row('Link clicked', 'delivered and the subscriber clicked the short link (needs link shortening + tracking options)', true, 'delivered')],
  // An e-mail status, known only from third-party code (docs/providers.md#smsc-real).
  ['6', row('Rejected as spam', "an e-mail rejected by the recipient's spam filter (e-mail status)", true, 'failed')],
  ['20', row('Impossible to deliver', 'delivery attempt failed (blocked, non-existent, roaming without SMS, phone cannot take SMS)', true, 'failed')],
  ['22', row('Invalid number', 'wrong number format', true, 'failed')],
  ['23', row('Prohibited', 'duplicate / flood / blacklist / spam-filter / sender-id restriction', true, 'failed')],
  ['24', row('Insufficient funds', 'client balance too low', true, 'failed')],
  ['25', row('Unavailable number', 'number cannot receive SMS or no working route', true, 'failed')],
]);

/** `err` codes, as docs/providers.md#smsc-errors (integrations and smscentre.com/api/smpp/errors). */
export const ERRORS: ReadonlyMap<string, string> = new Map([
  ['0', 'No error (subscriber exists and is available)'],
  ['1', 'Subscriber does not exist'],
  ['6', 'Subscriber offline / out of coverage'],
  ['11', 'Service not connected (cannot receive SMS; e.g. roaming without SMS, landline)'],
  ['12', "Error in subscriber's phone or SIM"],
  ['13', 'Subscriber blocked (zero balance in roaming, operator block, voluntary block, damaged SIM)'],
  ['21', 'Service not supported by the device'],
  ['200', 'Virtual sending (test mode; nothing was sent)'],
  ['219', 'SIM card replaced (alpha senders blocked ~24 h after SIM swap)'],
  ['220', 'Operator queue overflowed for this subscriber'],
  // 237-239 appear only in newer tables (docs/providers.md#smsc-errors).
  ['237', 'Subscriber did not answer (voice)'],
  ['238', 'No template (sending allowed only by approved template)'],
  ['239', 'Sender IP address forbidden'],
  ['240', 'Subscriber busy (voice)'],
  ['241', 'Conversion error (text/sound), or not all SMS parts were passed'],
  ['242', 'Answering machine detected (voice)'],
  ['243', 'No contract (with operator for this sender/route)'],
  ['244', 'Mailing prohibited'],
  ['245', 'Status not received'],
  ['246', 'Time restriction'],
  ['247', 'Message limit exceeded'],
  ['248', 'No route (no SMS gateway for this number)'],
  ['249', 'Invalid number format'],
  ['250', 'Number forbidden by settings'],
  ['251', 'Per-number (daily) limit exceeded'],
  ['252', 'Number forbidden'],
  ['253', 'Blocked by spam filter'],
  ['254', 'Unregistered sender id'],
  ['255', 'Rejected by operator without a precise error code'],
]);

/**
 * `type` of the message a status is about (Codewiser SmsCenterMailer). docs/providers.md#smsc-c7: the
 * codes are opaque integers to SMSC; 8 = e-mail is that project's inference.
 */
export const CHANNELS: ReadonlyMap<string, string> = new Map([
  ['0', 'sms'],
  ['1', 'flash'],
  ['2', 'binary'],
  ['3', 'wap-push'],
  ['4', 'hlr'],
  ['5', 'ping'],
  ['6', 'mms'],
  ['7', 'call'],
  ['8', 'e-mail'],
  ['10', 'viber'],
  ['12', 'social'],
]);

/**
 * `flag` values a third-party handler reads as "an e-mail" when `type` says nothing it knows
 * (docs/providers.md#smsc-c7); the vendor documents no flag.
 */
export const EMAIL_FLAGS: ReadonlySet<string> = new Set(['8', '40']);
