import type { ScenarioSet } from '../../core/types.js';

/**
 * What SMS Gateway for Android sends for one message (docs/providers.md#smsgate-scenarios):
 * sms:sent then sms:delivered (one per part of a long SMS, smsgate-c3) or sms:failed; a
 * webhook not answered 2xx within 30 s comes again after 10 s (smsgate-ack).
 */
export const SCENARIOS: ScenarioSet = {
  // Device local time with its offset (smsgate-c4); the samples' +07:00.
  time: { format: 'iso', utcOffsetMin: 420 },
  messageId: { style: 'token', prefix: 'msg-' },
  offered: [
    {
      name: 'lifecycle',
      summary: 'sms:sent → sms:delivered',
      steps: [
        { fixture: 'sent', atMs: 0, gapMs: 0, note: 'sent (sms:sent)' },
        { fixture: 'delivered', atMs: 7_000, gapMs: 7_000, note: 'delivered (sms:delivered)' },
      ],
    },
    {
      name: 'failed',
      summary: 'sms:failed (the phone could not send it)',
      steps: [{ fixture: 'failed', atMs: 0, gapMs: 0, note: 'failed (sms:failed, RESULT_ERROR_GENERIC_FAILURE: not sent, so no sms:sent before it)' }],
    },
    {
      name: 'duplicate',
      summary: 'sms:sent → sms:sent again → sms:delivered',
      steps: [
        { fixture: 'sent', atMs: 0, gapMs: 0, note: 'sent (sms:sent)' },
        { fixture: 'sent', atMs: 0, gapMs: 40_000, role: 'repeat', repeats: 0, note: 'sms:sent again: the re-send 10 s after an answer that did not come within 30 s' },
        { fixture: 'delivered', atMs: 50_000, gapMs: 10_000, note: 'delivered (sms:delivered)' },
      ],
    },
    {
      name: 'out-of-order',
      summary: 'sms:delivered → sms:sent, late',
      steps: [
        { fixture: 'delivered', atMs: 7_000, gapMs: 0, note: 'delivered (sms:delivered)' },
        { fixture: 'sent', atMs: 0, gapMs: 33_000, role: 'late', note: 'sms:sent, late: its first attempt got no answer within 30 s, the re-send came 10 s later' },
      ],
    },
    {
      name: 'multipart',
      summary: 'sms:sent → sms:delivered (part 1) → sms:delivered (part 2)',
      steps: [
        { fixture: 'sent', set: { simNumber: '2' }, atMs: 0, gapMs: 0, note: 'sent (sms:sent), a long SMS of two parts' },
        { fixture: 'delivered-multipart-1', atMs: 7_000, gapMs: 7_000, note: 'part 1 delivered (sms:delivered)' },
        { fixture: 'delivered-multipart-2', atMs: 8_000, gapMs: 1_000, role: 'part', note: 'part 2 delivered (sms:delivered, same messageId, its own envelope id): a further part, not a duplicate' },
      ],
    },
  ],
  notOffered: {},
};
