import type { Provider } from '../../core/types.js';
import { answer, judge, RETRY } from './answer.js';
import { decode } from './decode.js';
import { detect } from './detect.js';
import { encode } from './encode.js';
import { ERRORS, PROVIDER_NAME, STATUSES } from './statuses.js';
import { verify } from './verify.js';

/** SMSC.ru (and its white-label clones): delivery statuses, incoming SMS and call confirmations. */
export const smsc: Provider = {
  id: 'smsc',
  name: PROVIDER_NAME,
  routes: ['smsc'],
  detect,
  decode,
  statuses: STATUSES,
  errors: ERRORS,
  verify,
  answer,
  judge,
  retry: RETRY,
  encode,
};
