import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** Resolves when a socket closes, whether or not it erred (events.once would reject on 'error'). */
export const closeOf = (sock: Socket): Promise<void> => new Promise((resolve) => sock.once('close', () => resolve()));

/** What came back on a raw connection: the status and body of the first answer, or null. */
export interface RawAnswer {
  status: number;
  head: string;
  body: Buffer;
}

/** Parses the first HTTP answer in `bytes` (Content-Length framed, as the capture server sends). */
export function parseAnswer(bytes: Buffer): RawAnswer | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = bytes.subarray(0, end).toString('latin1');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!m) return null;
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
  return { status: Number(m[1]), head, body: bytes.subarray(end + 4, end + 4 + length) };
}

/**
 * Writes raw bytes (anything undici would refuse to send) and collects what comes back until
 * the server closes, or `waitMs` passes. The request should say `Connection: close`.
 */
export async function rawExchange(port: number, bytes: Buffer, waitMs = 5000): Promise<RawAnswer | null> {
  const sock = connect(port, '127.0.0.1');
  sock.on('error', () => undefined); // a reset after a rejection is expected
  await once(sock, 'connect');
  const chunks: Buffer[] = [];
  sock.on('data', (d: Buffer) => chunks.push(d));
  sock.write(bytes);
  const timer = setTimeout(() => sock.destroy(), waitMs);
  await closeOf(sock);
  clearTimeout(timer);
  return parseAnswer(Buffer.concat(chunks));
}

/** A request as bytes: request line, headers and body exactly as given, latin1 for text parts. */
export function rawRequest(method: string, target: Buffer | string, headers: ReadonlyArray<readonly [string, string]>, body: Buffer | string = ''): Buffer {
  const bin = (s: Buffer | string): Buffer => (typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
  const head = headers.map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return Buffer.concat([bin(`${method} `), bin(target), bin(` HTTP/1.1\r\n${head}\r\n`), bin(body)]);
}
