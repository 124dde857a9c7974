import type { Socket } from 'node:net';
import { serveRaw } from '../../helpers/receiver.js';

/** How the endpoint misbehaves, chosen by the request path (`/huge`, `/trickle`, ...). */
export const HOSTILE_MODES = ['huge', 'trickle', 'invalid', 'redirect-loop', 'reset'] as const;
export type HostileMode = (typeof HOSTILE_MODES)[number];

const GIGABYTE = 1024 ** 3;

/** 200 with a 1 GB body, written lazily 64 KiB at a time as the client reads: never allocated. */
function huge(sock: Socket): void {
  sock.write(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${GIGABYTE}\r\n\r\n`);
  const chunk = Buffer.alloc(64 * 1024, 'O');
  let sent = 0;
  const pump = (): void => {
    while (sent < GIGABYTE && !sock.destroyed) {
      sent += chunk.length;
      if (!sock.write(chunk)) return void sock.once('drain', pump);
    }
  };
  pump();
}

/** 200, then a body that never ends: a chunk every 100 ms, for ever. */
function trickle(sock: Socket): void {
  sock.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
  const timer = setInterval(() => sock.writable && sock.write('1\r\nO\r\n'), 100);
  sock.once('close', () => clearInterval(timer));
}

const ACTIONS: Record<HostileMode, (sock: Socket, path: string) => void> = {
  huge,
  trickle,
  invalid: (sock) => void sock.end('HTTP/1.1 2OO Fine\r\nContent-Length: 2\r\n\r\nOK'),
  // Redirects to itself: a client that followed would never stop.
  'redirect-loop': (sock, path) => void sock.end(`HTTP/1.1 302 Found\r\nLocation: ${path}\r\nContent-Length: 0\r\n\r\n`),
  reset: (sock) => void sock.resetAndDestroy(),
};

/** A raw node:net endpoint misbehaving per path; counts the requests it saw. */
export async function startHostileEndpoint(): Promise<{ url: string; hits: Map<HostileMode, number>; close: () => Promise<void> }> {
  const hits = new Map<HostileMode, number>();
  const server = await serveRaw((sock) => {
    let head = '';
    const onData = (d: Buffer): void => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      sock.off('data', onData);
      sock.resume(); // read and drop any body
      const path = head.split(' ')[1] ?? '/';
      const mode = HOSTILE_MODES.find((m) => path.startsWith(`/${m}`)) ?? 'reset';
      hits.set(mode, (hits.get(mode) ?? 0) + 1);
      ACTIONS[mode](sock, path);
    };
    sock.on('data', onData);
  });
  return { ...server, hits };
}
