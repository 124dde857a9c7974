import type { Provider } from '../../core/types.js';
import { answer, judge, RETRY } from './ack.js';
import { decode } from './decode.js';
import { detect } from './detect.js';
import { encode } from './encode.js';
import { verify } from './signature.js';
import { NAME, STATUSES } from './statuses.js';

/** SMS Gateway for Android (sms-gate.app): the phone posts signed JSON webhooks, one per event. */
export const smsgate: Provider = {
  id: 'smsgate',
  name: NAME,
  routes: ['smsgate'],
  detect,
  decode,
  statuses: STATUSES,
  verify,
  answer,
  judge,
  retry: RETRY,
  encode,
  encodeOptions: ['secret'],
};
