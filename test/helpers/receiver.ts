import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

/** One request as it arrived on the wire. */
export interface WireRequest {
  raw: Buffer;
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: Buffer;
}

/** What the receiver does with the n-th request (1-based): a raw HTTP answer, or 'hang' / 'reset'. */
export type Script = (req: WireRequest, n: number) => string | Buffer | 'hang' | 'reset';

export const http = (status: number, body = '', type = 'text/plain'): string =>
  `HTTP/1.1 ${status} X\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/**
 * A node:net server on 127.0.0.1:0 handing each connection to `onSocket`; close() drops open
 * connections first, so a test never waits on a client that keeps one alive.
 */
export async function serveRaw(onSocket: (sock: Socket) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    onSocket(sock);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A node:net receiver on 127.0.0.1:0 that records raw request bytes and answers as scripted. */
export async function startReceiver(script: Script): Promise<{ url: string; requests: WireRequest[]; close: () => Promise<void> }> {
  const requests: WireRequest[] = [];
  const server = await serveRaw((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1').split('\r\n');
        const [method, target] = head[0]!.split(' ') as [string, string];
        const headers = head.slice(1).map((l): [string, string] => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]);
        const len = Number(headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1] ?? 0);
        if (buf.length < end + 4 + len) return;
        const req = { raw: buf.subarray(0, end + 4 + len), method, target, headers, body: buf.subarray(end + 4, end + 4 + len) };
        buf = buf.subarray(end + 4 + len);
        requests.push(req);
        const action = script(req, requests.length);
        if (action === 'hang') return;
        if (action === 'reset') {
          sock.resetAndDestroy();
          return;
        }
        sock.write(action);
      }
    });
  });
  return { ...server, requests };
}
