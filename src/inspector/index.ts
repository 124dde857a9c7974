import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenSession } from '../capture/session.js';
import { KitError } from '../core/errors.js';
import { Api } from './api.js';
import { loadAssets } from './assets.js';
import { Feed } from './feed.js';
import { answer, Guard } from './guard.js';

export interface InspectorOptions {
  /** 0 = any free port; a busy port falls back to a free one (see Inspector.fellBack). */
  port: number;
}

export interface Inspector {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  /** The requested port was busy and a free one was taken instead. */
  fellBack: boolean;
  close(): Promise<void>;
}

/** Always loopback: the inspector can replay, so it is never on the network (nor the tunnel's capture port). */
export const INSPECTOR_HOST = '127.0.0.1';

function bind(server: ReturnType<typeof createServer>, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    server.once('error', onError);
    server.listen(port, INSPECTOR_HOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Serves the browser inspector of a listen session on its own loopback port. */
export async function startInspector(session: ListenSession, opts: InspectorOptions): Promise<Inspector> {
  const guard = new Guard();
  const assets = loadAssets(guard.token);
  const feed = new Feed(session);
  const api = new Api(session, feed);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refused = guard.check(req);
    if (refused) return answer(res, refused.status, 'text/plain; charset=utf-8', `webhook-kit inspector: ${refused.reason}\n`);
    const url = new URL(req.url ?? '/', 'http://inspector.invalid');
    if (url.pathname.startsWith('/api/')) {
      if (!(await api.handle(req, res, url))) answer(res, 404, 'application/json; charset=utf-8', '{"error":"no such API route"}\n');
      return;
    }
    const asset = req.method === 'GET' || req.method === 'HEAD' ? assets.get(url.pathname === '/index.html' ? '/' : url.pathname) : undefined;
    if (!asset) return answer(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    answer(res, 200, asset.type, req.method === 'HEAD' ? Buffer.alloc(0) : asset.body);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in a route must not take listen down: the page shows the line, listen goes on.
      if (!res.headersSent) answer(res, 500, 'text/plain; charset=utf-8', `webhook-kit inspector: internal error: ${(e as Error).message}\n`);
      else res.destroy();
    });
  });
  let fellBack = false;
  try {
    await bind(server, opts.port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || opts.port === 0) {
      feed.close();
      throw new KitError('E_BIND', `cannot serve the inspector on ${INSPECTOR_HOST}:${opts.port}: ${(e as Error).message}; pass --inspector-port 0 or --no-inspector`, { cause: e });
    }
    fellBack = true;
    await bind(server, 0);
  }
  const port = (server.address() as AddressInfo).port;
  guard.setPort(port);
  return {
    url: `http://${INSPECTOR_HOST}:${port}/`,
    port,
    fellBack,
    close: async () => {
      feed.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
