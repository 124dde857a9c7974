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
  return new Promise((resolve) => sendThen(res, answer, resolve));
}

/**
 * sendAndConfirm without a promise, for the capture hot path: `then(sent)` runs once. A response
 * always ends in 'close' (right after 'finish' when it went out, or when the connection dropped
 * first), so one listener tells both.
 */
export function sendThen(res: ServerResponse, answer: RawResponse, then: (sent: boolean) => void): void {
  if (res.writableFinished || res.destroyed) return then(false);
  // First: a header Node refuses throws here, and then nothing waits for 'close'. That comes a tick after 'finish' at the soonest.
  send(res, answer);
  res.once('close', () => then(res.writableFinished));
}

/** Writes `answer` unless the response is already under way or gone. */
export function send(res: ServerResponse, answer: RawResponse): void {
  if (res.headersSent || res.destroyed) return;
  // The pairs as they are, in one writeHead (setHeader per header cost a µs a capture): a
  // repeated header (two Set-Cookie) goes out as sent, not as its last value. A relayed answer
  // to HEAD keeps the app's Content-Length (of the body it did not send).
  let length = false;
  for (const [k] of answer.headers) if (k.length === 14 && k.toLowerCase() === 'content-length') length = true;
  res.writeHead(answer.status, length ? answer.headers : [...answer.headers, ['Content-Length', String(answer.body.length)]]);
  res.end(answer.body);
}

/** Answers being waited for or sent: a count, not a promise each (close() waits for them). */
export class AnswersInFlight {
  private n = 0;
  private waiters: Array<() => void> = [];

  start(): void {
    this.n++;
  }

  end(): void {
    if (--this.n > 0) return;
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once none is in flight. */
  idle(): Promise<void> {
    return this.n === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
