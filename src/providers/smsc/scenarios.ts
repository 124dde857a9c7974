import type { ScenarioSet } from '../../core/types.js';

/**
 * What SMSC.ru sends for one message (docs/providers.md#smsc-scenarios): a status callback per
 * change, in its own codes (-1 queued, 0 at the operator, 1 delivered, 20 not deliverable), and
 * the same callback again after an answer it did not take (smsc-c5: 10 s timeout, first re-send
 * after a minute), which is also how a final status overtakes an intermediate one.
 */
export const SCENARIOS: ScenarioSet = {
  time: { format: 'unix', utcOffsetMin: 0 },
  messageId: { style: 'digits' },
  offered: [
    {
      name: 'lifecycle',
      summary: '-1 queued → 0 at the operator → 1 delivered',
      steps: [
        { fixture: 'queued', atMs: 0, gapMs: 0, note: 'queued (-1)' },
        { fixture: 'sent', atMs: 2_000, gapMs: 2_000, note: 'handed to the operator (0)' },
        { fixture: 'delivered', atMs: 7_000, gapMs: 5_000, note: 'delivered (1)' },
      ],
    },
    {
      name: 'failed',
      summary: '-1 queued → 0 at the operator → 20 impossible to deliver (err 13)',
      steps: [
        { fixture: 'queued', atMs: 0, gapMs: 0, note: 'queued (-1)' },
        { fixture: 'sent', atMs: 2_000, gapMs: 2_000, note: 'handed to the operator (0)' },
        { fixture: 'failed', atMs: 32_000, gapMs: 30_000, note: 'impossible to deliver (20, err 13)' },
      ],
    },
    {
      name: 'duplicate',
      summary: '0 at the operator → 1 delivered → 1 delivered again',
      steps: [
        { fixture: 'sent', atMs: 0, gapMs: 0, note: 'handed to the operator (0)' },
        { fixture: 'delivered', atMs: 5_000, gapMs: 5_000, note: 'delivered (1)' },
        { fixture: 'delivered', atMs: 5_000, gapMs: 70_000, role: 'repeat', repeats: 1, note: 'delivered (1) again: the re-send after an answer SMSC.ru did not get within 10 s' },
      ],
    },
    {
      name: 'out-of-order',
      summary: '1 delivered → 0 at the operator, late',
      steps: [
        { fixture: 'delivered', atMs: 5_000, gapMs: 0, note: 'delivered (1)' },
        { fixture: 'sent', atMs: 0, gapMs: 65_000, role: 'late', note: 'handed to the operator (0), late: the re-send of a callback whose first attempt was not taken, a minute after it' },
      ],
    },
  ],
  notOffered: {
    multipart: 'SMSC.ru reports one status per message, not per part (`cnt` counts the parts; docs/providers.md#smsc-scenarios)',
  },
};
