import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIdFor, seqForId } from '../../src/capture/capture-id.js';
import { MIGRATIONS } from '../../src/capture/migrations.js';
import { Store } from '../../src/capture/store.js';
import { tempDir } from '../helpers/tmp.js';
import { newCapture } from '../helpers/records.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const capture = newCapture;

describe('capture ids', () => {
  it('are a bijection of the sequence number: distinct, six typeable characters, decodable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 887_503_680 }), (seq) => {
        const id = captureIdFor(seq);
        expect(id).toMatch(/^[2-9a-hjkmnp-z]{6}$/);
        expect(seqForId(id)).toBe(seq);
      }),
      { numRuns: 2000 },
    );
    const ids = new Set(Array.from({ length: 50_000 }, (_, i) => captureIdFor(i + 1)));
    expect(ids.size).toBe(50_000);
    expect(captureIdFor(887_503_681)).toHaveLength(8);
    expect(seqForId(captureIdFor(887_503_681))).toBe(887_503_681);
  });

  it('with a store id offset stay a bijection, and an id of another offset decodes to no row of this one or another row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500_000_000 }), fc.integer({ min: 0, max: 268_435_455 }), (seq, offset) => {
        expect(seqForId(captureIdFor(seq, offset), offset)).toBe(seq);
        if (offset > 0) expect(captureIdFor(seq, offset)).not.toBe(captureIdFor(seq));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('store', () => {
  it('migrates a v2 store forward, keeping old ids findable', () => {
    const file = join(tmp.dir, 'old.db');
    const db = new Database(file);
    db.exec(MIGRATIONS[0]!);
    db.exec(MIGRATIONS[1]!);
    db.pragma('user_version = 2');
    db.prepare(`INSERT INTO captures (id, received_at, method, url, headers, remote, body, truncated) VALUES ('zzzq42', 1, 'POST', '/old', '[]', 'x', x'00', 0)`).run();
    db.close();
    const store = Store.open(file);
    expect(store.get('zzzq42').url).toBe('/old');
    const fresh = store.insert(capture(1));
    expect(fresh.seq).toBe(2);
    expect(fresh.id).toBe(captureIdFor(2, store.idOffset));
    expect(store.get(fresh.id).url).toBe('/c1');
    expect(store.get(fresh.id.slice(0, 4)).id).toBe(fresh.id);
    expect(store.integrity()).toBe('ok');
    store.close();
  });

  it('numbers captures of two writers without clashes (write lock before the last seq is read)', () => {
    const file = join(tmp.dir, 'two.db');
    const a = Store.open(file);
    const b = Store.open(file);
    const ids = [...a.insertBatch([1, 2].map((n) => ({ capture: capture(n), events: [] }))), b.insert(capture(3)), a.insert(capture(4))].map((r) => r.id);
    expect(new Set(ids).size).toBe(4);
    expect(a.list().map((r) => r.url)).toEqual(['/c4', '/c3', '/c2', '/c1']);
    a.close();
    b.close();
  });

  it('opens an existing store with mustExist, and refuses a missing one without creating anything', () => {
    const file = join(tmp.dir, 'must', 'exist.db');
    expect(() => Store.open(file, { mustExist: true })).toThrow(
      expect.objectContaining({ code: 'E_STORE', message: `no store at ${file} yet; run \`webhook-kit listen\` first, or pass --store <file>` }),
    );
    expect(existsSync(join(tmp.dir, 'must'))).toBe(false);
    Store.open(file).close();
    const store = Store.open(file, { mustExist: true });
    expect(store.insert(capture(1)).seq).toBe(1);
    store.close();
  });

  it('refuses a store written by a newer webhook-kit, in one line', () => {
    const file = join(tmp.dir, 'new.db');
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => Store.open(file)).toThrow(/written by a newer webhook-kit .*; upgrade webhook-kit/);
  });
});
