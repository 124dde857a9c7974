import type { ChalkInstance } from 'chalk';
import type { ListenSession, ListenView } from '../capture/session.js';
import type { Rejection } from '../capture/server.js';
import type { CaptureView } from '../capture/view.js';
import type { Io } from '../core/io.js';
import { toSafeJson } from '../core/safe-text.js';
import { captureLine } from './capture-line.js';
import { lineWidth } from './fit-line.js';
import { captureJson } from './ndjson.js';
import { paintFor } from './paint.js';

/** Every capture as one plain line on stdout; problems and the app's health on stderr. */
export const lineView = (io: Io): ListenView => streamView(io, (paint) => (view) => captureLine(view, paint, lineWidth(io.stdout)));

/** Every capture as one NDJSON object on stdout (the contract in the README); talk on stderr. */
export const ndjsonView = (io: Io): ListenView => streamView(io, () => (view) => toSafeJson(captureJson(view)));

/** Shared by the line and NDJSON views: they differ only in how a capture is written. */
function streamView(io: Io, format: (paint: ChalkInstance) => (view: CaptureView) => string): ListenView {
  const out = paintFor(io.stdout, io.env);
  const err = paintFor(io.stderr, io.env);
  const say = (line: string): void => void io.stderr.write(`${line}\n`);
  const write = format(out);
  // Lines written in the same turn of the event loop go out in one write: a group commit
  // answers many captures at once, and a pipe write per line cost more than storing them.
  let lines: string[] = [];
  const flush = (): void => {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    io.stdout.write(text);
  };
  const unsubscribe: Array<() => void> = [];
  return {
    attach(session: ListenSession): void {
      const { server } = session;
      const onCapture = (view: CaptureView): void => {
        lines.push(write(view));
        if (lines.length === 1) setImmediate(flush);
      };
      server.on('capture', onCapture);
      unsubscribe.push(() => server.off('capture', onCapture));
      const onProblem = (e: Error): void => say(err.red(`webhook-kit: ${e.message}`));
      const onRecovered = (text: string): void => say(err.green(`webhook-kit: ${text}`));
      // A flood of junk (a scanner behind a tunnel) gets one line per kind every 10 s, not one each.
      const lastSaid = new Map<string, number>();
      const onRejected = (r: Rejection): void => {
        const now = Date.now();
        if (now - (lastSaid.get(r.reason) ?? -Infinity) < 10_000) return;
        lastSaid.set(r.reason, now);
        say(err.yellow(`webhook-kit: answered ${r.status} to ${r.remote}: ${r.reason}`));
      };
      server.on('problem', onProblem);
      server.on('recovered', onRecovered);
      server.on('rejected', onRejected);
      unsubscribe.push(() => {
        server.off('problem', onProblem);
        server.off('recovered', onRecovered);
        server.off('rejected', onRejected);
      });
      // The first state was told at start (commands/listen.ts); changes from here on.
      const off = session.forward?.onChange?.((c) => say(c.up ? err.green(c.text) : err.red(`${c.text}; captures are still stored and answered 502`)), false);
      if (off) unsubscribe.push(off);
    },
    close(): void {
      flush();
      for (const off of unsubscribe.splice(0)) off();
    },
  };
}
