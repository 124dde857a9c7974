import { afterEach, expect, it } from 'vitest';
import { request } from 'undici';
import { startServer, type TestServer } from '../helpers/server.js';

let t: TestServer | undefined;
const notReplayed = async (): Promise<never> => {
  throw new Error('no replay in this test');
};
afterEach(async () => t?.close());

// The page is not TypeScript: the build copies it into dist/ (scripts/copy-inspector-assets.mjs),
// where the installed package serves it from.
it('the built inspector (dist/) serves every page file with its type', async () => {
  t = await startServer();
  const built = (await import(new URL('../../dist/inspector/index.js', import.meta.url).href)) as typeof import('../../src/inspector/index.js');
  const inspector = await built.startInspector({ server: t.server, store: t.store, secrets: {}, urls: [t.url], quit: () => undefined, replay: notReplayed }, { port: 0 });
  try {
    const types: Record<string, string> = { '': 'text/html', 'app.js': 'text/javascript', 'dom.js': 'text/javascript', 'header.js': 'text/javascript', 'keys.js': 'text/javascript', 'live.js': 'text/javascript', 'list.js': 'text/javascript', 'details.js': 'text/javascript', 'tree.js': 'text/javascript', 'style.css': 'text/css' };
    for (const [path, type] of Object.entries(types)) {
      const res = await request(`${inspector.url}${path}`);
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type']).toBe(`${type}; charset=utf-8`);
      expect((await res.body.text()).length).toBeGreaterThan(100);
    }
    const html = await (await request(inspector.url)).body.text();
    const linked = [...html.matchAll(/(?:src|href)="\/([\w.]+)"/g)].map((m) => m[1]);
    expect(linked).toEqual(['style.css', 'app.js', 'dom.js', 'header.js', 'keys.js', 'live.js', 'list.js', 'details.js', 'tree.js']);
  } finally {
    await inspector.close();
  }
});

it('inspectorView starts the inspector on attach, tells its URL, and stops it on close', async () => {
  t = await startServer();
  const { inspectorView } = await import('../../src/inspector/view.js');
  const urls: string[] = [];
  const view = inspectorView({ port: 0, onStart: (i) => urls.push(i.url) });
  await view.attach({ server: t.server, store: t.store, secrets: {}, urls: [t.url], quit: () => undefined, replay: notReplayed });
  expect(urls).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/)]);
  const res = await request(`${urls[0]}api/captures`);
  expect(res.statusCode).toBe(200);
  await res.body.dump();
  await view.close();
  await expect(request(`${urls[0]}api/captures`)).rejects.toThrow(/ECONNREFUSED/);
});
