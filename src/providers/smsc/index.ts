import type { Provider } from '../../core/types.js';
import { answer, judge, RETRY } from './ack.js';
import { decode } from './decode.js';
import { detect } from './detect.js';
import { encode } from './encode.js';
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
  encodeOptions: ['secret', 'sign'],
};
