import type { Provider } from '../../core/types.js';
import { answer, judge, RETRY } from './ack.js';
import { decode } from './decode.js';
import { detect } from './detect.js';
import { encode, narrow } from './encode.js';
import { SCENARIOS } from './scenarios.js';
import { UNSIGNED, verify } from './signature.js';
import { NAME, STATUSES } from './statuses.js';

/** Webcom Mobi: batched SMS/Viber statuses as a JSON array or XML, acknowledged per id_sms. */
export const webcom: Provider = {
  id: 'webcom',
  name: NAME,
  routes: ['webcom'],
  detect,
  decode,
  statuses: STATUSES,
  verify,
  unsigned: UNSIGNED,
  answer,
  judge,
  retry: RETRY,
  encode,
  scenarios: SCENARIOS,
  narrow,
  callback: (base) => ({ url: `${base}/webcom`, note: 'Webcom Mobi has no self-service setting: send this URL to your manager' }),
};
