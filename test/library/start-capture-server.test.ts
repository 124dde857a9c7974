import { describe, expect, it } from 'vitest';
import { KitError } from '../../src/core/errors.js';
import { startCaptureServer } from '../../src/index.js';

// The library refuses what `listen` refuses, with the same words: a port out of range, a secret for no provider.
describe('startCaptureServer', () => {
  it.each([-1, 65536, 1.5, Number.NaN])('refuses port %s with a KitError naming the range', async (port) => {
    const err = await startCaptureServer({ port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KitError);
    expect((err as KitError).message).toBe(`port ${port}: expected a port from 0 to 65535 (0 picks a free port)`);
  });

  it('refuses a secret for an unknown provider, naming it and the known ones', async () => {
    const err = await startCaptureServer({ secrets: { smsc: 'a', nosuch: 'b' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KitError);
    expect((err as KitError).message).toMatch(/^unknown provider "nosuch"; use one of: smsc, webcom, /);
  });

  it.each([[42, 'number'], ['', 'an empty one']])('refuses a secret value %j (every capture would fail to store): %s', async (secret, what) => {
    const err = await startCaptureServer({ secrets: { smsc: secret as string } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KitError);
    expect((err as KitError).message).toBe(`secrets.smsc must be a non-empty string, not ${what}`);
  });

  it('still starts with a known provider secret on port 0', async () => {
    const server = await startCaptureServer({ port: 0, secrets: { smsc: 'a' } });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await server.close();
    }
  });
});
