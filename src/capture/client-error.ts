import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Rejection } from './events.js';

/**
 * Node's own answer to a broken request (400/408/431, then close), and the line saying whether
 * anything was stored: a request that reached the server's handler is stored, flagged truncated.
 * Null when the connection is not worth a line (a reset, a browser's preconnect that sent nothing).
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket, maxHeaderSize: number): Rejection | null {
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  const [status, why] =
    err.code === 'HPE_HEADER_OVERFLOW' ? [431, `headers larger than ${maxHeaderSize} bytes`]
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request not complete in time']
    : [400, `not valid HTTP/1.1 (${err.code ?? 'parse error'})`];
  const reason = `${why}; ${inFlight ? 'what arrived is stored, flagged truncated' : 'nothing was stored'}`;
  if (err.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    const body = `webhook-kit: ${reason}\n`;
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  const said = err.code !== 'ECONNRESET' && !inFlight && socket.bytesRead > 0 ? { remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`, status, reason } : null;
  socket.destroy();
  return said;
}
