import type { Provider } from '../../core/types.js';
import { answer, judge, RETRY } from './ack.js';
import { decode } from './decode.js';
import { detect } from './detect.js';
import { encode } from './encode.js';
import { SCENARIOS } from './scenarios.js';
import { secretsIn, verify } from './signature.js';
import { NAME, STATUSES } from './statuses.js';

/** Zender (self-hosted): received sms/whatsapp/ussd/notification events as a PHP-style form. */
export const zender: Provider = {
  id: 'zender',
  name: NAME,
  routes: ['zender'],
  detect,
  decode,
  statuses: STATUSES,
  verify,
  answer,
  judge,
  retry: RETRY,
  encode,
  scenarios: SCENARIOS,
  encodeOptions: ['secret'],
  secretsIn,
  callback: (base) => ({
    url: `${base}/zender`,
    note: 'Zender dashboard, Webhooks: this URL, and the webhook secret you pass to listen with --secret zender=<secret>',
  }),
};
