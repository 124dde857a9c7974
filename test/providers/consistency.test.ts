import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listSamples, loadExpectation, loadSample, SAMPLES_DIR } from '../../src/core/samples.js';
import { inspect } from '../../src/providers/inspect.js';
import { providerIds, providers } from '../../src/providers/registry.js';

describe('providers and samples agree', () => {
  it('every provider has samples and every samples folder is a provider', () => {
    expect(readdirSync(SAMPLES_DIR).sort()).toEqual([...providerIds()].sort());
    for (const id of providerIds()) expect(listSamples(id).length, id).toBeGreaterThan(0);
  });

  it('every sample has an expectation naming its provider, and decodes as it', () => {
    for (const ref of listSamples()) {
      const expected = loadExpectation(ref);
      expect(expected?.provider, ref.file).toBe(ref.provider);
      expect(inspect(loadSample(ref)).provider?.id, ref.file).toBe(ref.provider);
    }
  });

  it('every status code a sample carries is in its provider\'s table', () => {
    for (const ref of listSamples()) {
      const { provider, decoded } = inspect(loadSample(ref));
      for (const e of decoded?.events ?? []) {
        if (e.status) expect(provider!.statuses.has(e.status.code), `${ref.file}: ${e.status.code}`).toBe(true);
      }
    }
  });

  it('every provider has a route and a name, and ids are unique', () => {
    expect(new Set(providers.map((p) => p.id)).size).toBe(providers.length);
    for (const p of providers) {
      expect(p.routes.length).toBeGreaterThan(0);
      expect(p.name).not.toBe('');
    }
  });
});
