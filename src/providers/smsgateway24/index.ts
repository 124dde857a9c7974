import type { Provider } from '../../core/types.js';
import { answer, judge, RETRY } from './ack.js';
import { decode } from './decode.js';
import { detect } from './detect.js';
import { encode } from './encode.js';
import { SCENARIOS } from './scenarios.js';
import { secretsIn, verify } from './signature.js';
import { NAME, STATUSES } from './statuses.js';

/** SMSGateway24 (Android app): one JSON delivery status or incoming message per request. */
export const smsgateway24: Provider = {
  id: 'smsgateway24',
  name: NAME,
  routes: ['smsgateway24', 'sg24'],
  detect,
  decode,
  statuses: STATUSES,
  verify,
  answer,
  judge,
  retry: RETRY,
  encode,
  scenarios: SCENARIOS,
  encodeOptions: ['legacy'],
  secretsIn,
  callback: (base) => ({
    url: `${base}/sg24?token=<your-token>`,
    note: 'SMSGateway24 website, device settings: "Webhooks for SMS delivery statuses" and "Webhooks for incoming SMS" (the same URL in both); the token is optional',
  }),
};
