import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { RawResponse } from '../core/raw-request.js';

// How the capture server puts an answer on the wire, and learns whether the client got it
// (server.ts records an answer only then).

/** Waits `ms`, or less when the connection closes first (the client left, or close() dropped it). */
export async function delayUnlessClosed(ms: number, res: ServerResponse): Promise<void> {
  if (res.destroyed) return;
  const stop = new AbortController();
  const onClose = (): void => stop.abort();
  res.once('close', onClose);
  try {
    await delay(ms, undefined, { signal: stop.signal });
  } catch {
    // Aborted: the connection is gone, nothing will be sent.
  } finally {
    res.off('close', onClose);
  }
}

/** Sends `answer`; true once the whole response was handed to the socket, false when the connection closed first. */
export function sendAndConfirm(res: ServerResponse, answer: RawResponse): Promise<boolean> {
  if (res.writableFinished) return Promise.resolve(false);
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onFinish = (): void => done(true);
    const onClose = (): void => done(res.writableFinished);
    const done = (ok: boolean): void => {
      res.off('finish', onFinish);
      res.off('close', onClose);
      resolve(ok);
    };
    res.once('finish', onFinish);
    res.once('close', onClose);
    send(res, answer);
  });
}

/** Writes `answer` unless the response is already under way or gone. */
export function send(res: ServerResponse, answer: RawResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = answer.status;
  for (const [k, v] of answer.headers) {
    // A repeated header (two Set-Cookie) goes out as sent, not as its last value.
    const before = res.getHeader(k);
    res.setHeader(k, before === undefined ? v : [...(Array.isArray(before) ? before : [String(before)]), v]);
  }
  // A relayed answer to HEAD keeps the app's Content-Length (of the body it did not send).
  if (!res.hasHeader('Content-Length')) res.setHeader('Content-Length', answer.body.length);
  res.end(answer.body);
}
