import type { Provider } from '../../core/types.js';
import { answer, judge, RETRY } from './ack.js';
import { decode } from './decode.js';
import { detect } from './detect.js';
import { encode } from './encode.js';
import { SCENARIOS } from './scenarios.js';
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
  scenarios: SCENARIOS,
  encodeOptions: ['secret'],
  // Registered per event through the app's API (docs/providers.md#smsgate-calls); https only, but for 127.0.0.1.
  callback: (base) => ({
    url: `${base}/smsgate`,
    note: 'SMS Gateway for Android: POST {"url": this, "event": "sms:received"} to its /3rdparty/v1/webhooks API, once per event (sms:sent, sms:delivered, sms:failed, system:ping); https, or http://127.0.0.1 with adb reverse',
  }),
};
