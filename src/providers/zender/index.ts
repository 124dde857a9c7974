import type { Provider } from '../../core/types.js';
import { answerZender, judgeZender, zenderRetry } from './answer.js';
import { decodeZender, detectZender } from './decode.js';
import { encodeZender } from './encode.js';
import { verifyZender, zenderSecretsIn } from './signature.js';
import { zenderErrors, zenderStatuses, ZENDER_NAME } from './statuses.js';

/** Zender (self-hosted): received sms/whatsapp/ussd/notification events as a PHP-style form. */
export const zender: Provider = {
  id: 'zender',
  name: ZENDER_NAME,
  routes: ['zender'],
  detect: detectZender,
  decode: decodeZender,
  statuses: zenderStatuses,
  errors: zenderErrors,
  verify: verifyZender,
  answer: answerZender,
  judge: judgeZender,
  retry: zenderRetry,
  encode: encodeZender,
  secretsIn: zenderSecretsIn,
};
