import type { ScenarioSet } from '../../core/types.js';

/**
 * What SMSGateway24 sends for one message (docs/providers.md#smsgateway24-scenarios): its
 * documented lifecycle 1 → 3 → 2 → 6 → 7 or 8, once each; it documents no re-sending
 * (smsgateway24-c4), so it offers no duplicate and no out-of-order run.
 */
export const SCENARIOS: ScenarioSet = {
  // senttime is written without a zone (smsgateway24-c1); the device's zone is unknown, UTC assumed.
  time: { format: 'datetime', utcOffsetMin: 0 },
  messageId: { style: 'digits' },
  offered: [
    {
      name: 'lifecycle',
      summary: '1 pending → 3 queued → 2 taken by the phone → 6 sent → 7 delivered',
      steps: [
        { fixture: 'pending', atMs: 0, gapMs: 0, note: 'pending (1)' },
        { fixture: 'queued', atMs: 1_000, gapMs: 1_000, note: 'queued for sending (3)' },
        { fixture: 'queued', set: { status_id: '2', status_message: 'Taken by phone' }, atMs: 3_000, gapMs: 2_000, note: 'taken by the phone (2)' },
        { fixture: 'sent', atMs: 5_000, gapMs: 2_000, note: 'sent by the phone (6)' },
        { fixture: 'delivered', atMs: 12_000, gapMs: 7_000, note: 'delivered (7)' },
      ],
    },
    {
      name: 'failed',
      summary: '1 pending → 3 queued → 2 taken by the phone → 6 sent → 8 not delivered',
      steps: [
        { fixture: 'pending', atMs: 0, gapMs: 0, note: 'pending (1)' },
        { fixture: 'queued', atMs: 1_000, gapMs: 1_000, note: 'queued for sending (3)' },
        { fixture: 'queued', set: { status_id: '2', status_message: 'Taken by phone' }, atMs: 3_000, gapMs: 2_000, note: 'taken by the phone (2)' },
        { fixture: 'sent', atMs: 5_000, gapMs: 2_000, note: 'sent by the phone (6)' },
        { fixture: 'failed', atMs: 40_000, gapMs: 35_000, note: 'not delivered (8)' },
      ],
    },
  ],
  notOffered: {
    duplicate: 'SMSGateway24 documents no re-sending and webhook-kit models none (docs/providers.md#smsgateway24-c4), so it posts each status once',
    'out-of-order': 'SMSGateway24 posts each status once, as it happens, with no re-send that could arrive late (docs/providers.md#smsgateway24-c4)',
    multipart: 'SMSGateway24 reports one status per message, naming no part (docs/providers.md#smsgateway24-scenarios)',
  },
};
