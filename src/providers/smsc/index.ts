import type { Provider } from '../../core/types.js';
import { answer, judge, RETRY } from './ack.js';
import { decode } from './decode.js';
import { detect } from './detect.js';
import { encode } from './encode.js';
import { SCENARIOS } from './scenarios.js';
import { verify } from './signature.js';
import { NAME, STATUSES } from './statuses.js';

/** SMSC.ru (and its white-label clones): delivery statuses, incoming SMS and call confirmations. */
export const smsc: Provider = {
  id: 'smsc',
  name: NAME,
  routes: ['smsc'],
  detect,
  decode,
  statuses: STATUSES,
  verify,
  answer,
  judge,
  retry: RETRY,
  encode,
  scenarios: SCENARIOS,
  encodeOptions: ['secret', 'sign'],
  // Handler URL syntax (handler-url.ts): charset=utf-8 makes it send UTF-8 instead of windows-1251;
  // md5=<secret> asks it to sign, the secret replaced by the hash. A placeholder, never the secret.
  callback: (base) => ({
    url: `${base}/smsc?charset=utf-8&fmt=3&md5=<your-secret>`,
    note: 'SMSC.ru cabinet, User settings, handler URL (one per account); put your own secret for <your-secret>, or drop &md5=... for no signature',
  }),
};
