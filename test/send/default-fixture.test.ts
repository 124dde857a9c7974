import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { http, startReceiver } from '../helpers/receiver.js';

describe('send without --fixture', () => {
  it('sends delivered, or the first fixture of a provider that has none (Zender)', async () => {
    const app = await startReceiver(() => http(200, 'OK'));
    try {
      const webcom = await runCli(['send', '--provider', 'webcom', '--to', app.url, '--no-retry', '--json']);
      expect(webcom.stdout.toString()).toMatch(/"fixture":"delivered"/);
      const zender = await runCli(['send', '--provider', 'zender', '--to', app.url, '--no-retry', '--json']);
      expect(zender.stderr.toString()).not.toMatch(/no fixture/);
      expect(zender.stdout.toString()).toMatch(/"fixture":"incoming"/);
      expect(app.requests).toHaveLength(2);
    } finally {
      await app.close();
    }
  });
});
