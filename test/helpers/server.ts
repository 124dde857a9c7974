import { once } from 'node:events';
import { join } from 'node:path';
import { CaptureServer, type CaptureServerOptions } from '../../src/capture/server.js';
import { Store } from '../../src/capture/store.js';
import type { CaptureView } from '../../src/capture/view.js';
import { tempDir } from './tmp.js';

export interface TestServer {
  server: CaptureServer;
  store: Store;
  url: string;
  storePath: string;
  /** Resolves with the next capture event. */
  nextCapture: () => Promise<CaptureView>;
  close: () => Promise<void>;
}

/** A real capture server on 127.0.0.1:0 with a real SQLite store in a temp dir. */
export async function startServer(opts: Partial<Omit<CaptureServerOptions, 'store'>> = {}): Promise<TestServer> {
  const tmp = tempDir();
  const storePath = join(tmp.dir, 'captures.db');
  const store = Store.open(storePath);
  const server = new CaptureServer({ store, host: '127.0.0.1', port: 0, maxBody: 1024 * 1024, ...opts });
  const url = await server.listen();
  return {
    server,
    store,
    url,
    storePath,
    nextCapture: async () => ((await once(server, 'capture')) as [CaptureView])[0],
    close: async () => {
      await server.close(100);
      store.close();
      tmp.cleanup();
    },
  };
}
