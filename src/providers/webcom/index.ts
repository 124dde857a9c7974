import type { Provider } from '../../core/types.js';
import { answerWebcom, judgeWebcom, webcomRetry } from './answer.js';
import { decodeWebcom, detectWebcom } from './decode.js';
import { encodeWebcom, narrowWebcom } from './encode.js';
import { verifyWebcom } from './signature.js';
import { webcomErrors, webcomStatuses, WEBCOM_NAME } from './statuses.js';

/** Webcom Mobi: batched SMS/Viber statuses as a JSON array or XML, acknowledged per id_sms. */
export const webcom: Provider = {
  id: 'webcom',
  name: WEBCOM_NAME,
  routes: ['webcom'],
  detect: detectWebcom,
  decode: decodeWebcom,
  statuses: webcomStatuses,
  errors: webcomErrors,
  verify: verifyWebcom,
  answer: (req, body) => answerWebcom(req, body),
  judge: judgeWebcom,
  retry: webcomRetry,
  encode: encodeWebcom,
  narrow: narrowWebcom,
};
