import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseHttpSample, type RawRequest } from './raw-request.js';

/** samples/ at the package root, from src/core or dist/core alike. */
export const SAMPLES_DIR = fileURLToPath(new URL('../../samples/', import.meta.url));

export interface SampleRef {
  provider: string;
  /** File name without `.http`: the fixture name (`delivered`, `incoming-cp1251`). */
  name: string;
  file: string;
}

/** Every sample of a provider (or of all providers), sorted by name. */
export function listSamples(provider?: string): SampleRef[] {
  if (!existsSync(SAMPLES_DIR)) return [];
  const dirs = provider ? [provider] : readdirSync(SAMPLES_DIR).sort();
  return dirs.flatMap((p) => {
    const dir = join(SAMPLES_DIR, p);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.http'))
      .map((f) => ({ provider: p, name: f.slice(0, -'.http'.length), file: join(dir, f) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  });
}

/** The wire request of a sample. */
export function loadSample(ref: SampleRef): RawRequest {
  return parseHttpSample(readFileSync(ref.file));
}

/** The expectations beside a sample (`<name>.expect.json`), or null. */
export function loadExpectation(ref: SampleRef): Record<string, unknown> | null {
  const file = ref.file.replace(/\.http$/, '.expect.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : null;
}
