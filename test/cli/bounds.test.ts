import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('flag values past what a timer or HTTP can carry', () => {
  it.each([
    [['listen', '--port', '0', '--timeout', '2592000'], /--timeout <seconds>.*up to 2147483 \(about 24 days\)/],
    [['listen', '--port', '0', '--respond-delay', '3000000000'], /--respond-delay <ms>.*up to 2147483647/],
    [['send', '--provider', 'smsc', '--to', 'http://127.0.0.1:1', '--timeout', '3000000000'], /--timeout <ms>.*from 1 to 2147483647/],
    [['listen', '--port', '0', '--respond', '101'], /--respond <status>.*from 200 to 599/],
  ])('%j is one usage line, exit 2, nothing started', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.toString()).toMatch(message);
    expect(r.stderr.toString().trim().split('\n')).toHaveLength(1);
  });
});
