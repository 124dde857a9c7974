import type { ScenarioSet } from '../../core/types.js';

const NO_STATUS = 'Zender posts received messages and notifications only, never a status of a message you sent (docs/providers.md#zender-payloads)';

/** Zender has no message lifecycle to play (docs/providers.md#zender-scenarios). */
export const SCENARIOS: ScenarioSet = {
  time: { format: 'unix', utcOffsetMin: 0 },
  messageId: { style: 'digits' },
  offered: [],
  notOffered: {
    lifecycle: NO_STATUS,
    failed: NO_STATUS,
    duplicate: 'Zender sends each webhook once and never re-sends (docs/providers.md#zender-ack)',
    'out-of-order': NO_STATUS,
    multipart: NO_STATUS,
  },
};
