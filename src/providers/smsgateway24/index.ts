import type { Provider } from '../../core/types.js';
import { answerSg24, judgeSg24, sg24Retry } from './answer.js';
import { decodeSg24, detectSg24 } from './decode.js';
import { encodeSg24 } from './encode.js';
import { sg24SecretsIn, verifySg24 } from './signature.js';
import { sg24Errors, sg24Statuses, SG24_NAME } from './statuses.js';

/** SMSGateway24 (Android app): one JSON delivery status or incoming message per request. */
export const smsgateway24: Provider = {
  id: 'smsgateway24',
  name: SG24_NAME,
  routes: ['smsgateway24', 'sg24'],
  detect: detectSg24,
  decode: decodeSg24,
  statuses: sg24Statuses,
  errors: sg24Errors,
  verify: verifySg24,
  answer: answerSg24,
  judge: judgeSg24,
  retry: sg24Retry,
  encode: encodeSg24,
  secretsIn: sg24SecretsIn,
};
