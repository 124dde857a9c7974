import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProbeArrival } from '../core/probe-path.js';

/**
 * Answers listen's self-probe (src/core/probe-path.ts) with 200 and the token, and returns what
 * the server announces as its 'probe' event. Nothing is stored: the probe is not a capture.
 */
export function answerProbe(req: IncomingMessage, res: ServerResponse, token: string): ProbeArrival {
  req.resume();
  const body = `webhook-kit probe ${token}\n`;
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  return { token, remote: `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`, host: req.headers.host ?? null };
}
