import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/core/types.js';
import { smsc } from '../../src/providers/smsc/index.js';
import { webcom } from '../../src/providers/webcom/index.js';
import type { Attempt } from '../../src/send/runner.js';
import { sendVerdict } from '../../src/send/verdict.js';

/** n refused attempts, each answered 200 `OK`. */
const refused = (n: number): Attempt[] =>
  Array.from({ length: n }, (_, i) => ({
    n: i + 1,
    offsetMs: i * 1000,
    request: { method: 'POST', url: 'http://127.0.0.1/x', headers: [], body: Buffer.alloc(0) },
    result: { response: { status: 200, headers: [], body: Buffer.from('OK') }, latencyMs: 1, error: null, cut: false },
    verdict: { accepted: false, reason: 'answered 200 `OK`', unacknowledged: ['1'] },
  }));

describe('send verdict: which retry facts are assumptions', () => {
  it('does not call a documented attempt count assumed (Webcom Mobi: count documented, interval assumed)', () => {
    expect(sendVerdict(webcom, refused(5)).text).toMatch(/Webcom Mobi re-sent it 4 more times and then gave up/);
  });

  it('says so where the count itself is an assumption', () => {
    const assumed: Provider = { ...smsc, retry: { ...smsc.retry, documented: false, attemptsDocumented: undefined } };
    expect(sendVerdict(assumed, refused(3)).text).toMatch(/re-sent it 2 more times \(assumed: not documented by the provider\)/);
  });
});
