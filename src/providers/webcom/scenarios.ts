import type { ScenarioSet } from '../../core/types.js';

/**
 * What Webcom Mobi sends for one message (docs/providers.md#webcom-scenarios): `send`, then a
 * final state; an id missing from the echo comes again (webcom-retries, 60 s apart by webcom-c1),
 * which is also how a final state overtakes `send`.
 */
export const SCENARIOS: ScenarioSet = {
  // The doc example writes times without a zone; Moscow time is assumed.
  time: { format: 'datetime', utcOffsetMin: 180 },
  messageId: { style: 'digits' },
  offered: [
    {
      name: 'lifecycle',
      summary: 'send → deliver',
      steps: [
        { fixture: 'sent', atMs: null, gapMs: 0, note: 'sent, no report yet (send; time is "")' },
        { fixture: 'delivered', atMs: 8_000, gapMs: 8_000, note: 'delivered (deliver)' },
      ],
    },
    {
      name: 'failed',
      summary: 'send → not_deliver',
      steps: [
        { fixture: 'sent', atMs: null, gapMs: 0, note: 'sent, no report yet (send; time is "")' },
        { fixture: 'failed', atMs: 45_000, gapMs: 45_000, note: 'not delivered (not_deliver)' },
      ],
    },
    {
      name: 'duplicate',
      summary: 'send → deliver → deliver again',
      steps: [
        { fixture: 'sent', atMs: null, gapMs: 0, note: 'sent, no report yet (send)' },
        { fixture: 'delivered', atMs: 8_000, gapMs: 8_000, note: 'delivered (deliver)' },
        { fixture: 'delivered', atMs: 8_000, gapMs: 70_000, role: 'repeat', repeats: 1, note: 'deliver again: the re-send of an id Webcom Mobi did not see echoed within 10 s' },
      ],
    },
    {
      name: 'out-of-order',
      summary: 'deliver → send, late',
      steps: [
        { fixture: 'delivered', atMs: 8_000, gapMs: 0, note: 'delivered (deliver)' },
        { fixture: 'sent', atMs: null, gapMs: 65_000, role: 'late', note: 'send, late: the re-send of a batch whose echo lacked this id' },
      ],
    },
  ],
  notOffered: {
    multipart: 'Webcom Mobi reports one state per message (`partly_deliver` is a state of the whole message, not a part; docs/providers.md#webcom-scenarios)',
  },
};
