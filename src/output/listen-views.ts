import type { ChalkInstance } from 'chalk';
import type { ListenSession, ListenView } from '../capture/session.js';
import type { Rejection, Rotation } from '../capture/server.js';
import type { CaptureView } from '../capture/view.js';
import type { Io } from '../core/io.js';
import { redactor } from '../core/redact.js';
import { toSafeJson, toSafeText } from '../core/safe-text.js';
import { captureLine } from './capture-line.js';
import { lineWidth } from './fit-line.js';
import { captureJson } from './ndjson.js';
import { paintFor } from './paint.js';
import { repasteLines, tunnelJson, tunnelLine } from './tunnel-lines.js';

/** Every capture as one plain line on stdout; problems, the app's health and the tunnel on stderr. */
export const lineView = (io: Io): ListenView => streamView(io, (paint) => (view) => captureLine(view, paint, lineWidth(io.stdout)), false);

/**
 * Every capture as one NDJSON object on stdout (the contract in the README), with `publicUrl`
 * (what the gateway called) when there is a public URL; tunnel changes as `tunnel` lines; talk on stderr.
 */
export const ndjsonView = (io: Io): ListenView =>
  streamView(
    io,
    () => (view, session) => {
      const json = captureJson(view);
      // Masked like `url`: a token a gateway puts in the query is a secret here too.
      if (session.tunnel) json.publicUrl = redactor(view.secrets).deep({ u: session.tunnel.calledUrl(view.record.headers, view.record.url) }).u;
      return toSafeJson(json);
    },
    true,
  );

/** Shared by the line and NDJSON views: they differ only in how a capture and a tunnel change are written. */
function streamView(io: Io, format: (paint: ChalkInstance) => (view: CaptureView, session: ListenSession) => string, json: boolean): ListenView {
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
        lines.push(write(view, session));
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
      const onRotated = (r: Rotation): void => {
        if (r.first) say(err.yellow(`webhook-kit: ${r.text}`));
      };
      server.on('rotated', onRotated);
      unsubscribe.push(() => server.off('rotated', onRotated));
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
      // Tunnel changes after start-up (restarts, new URLs, probes); the first state was told at start.
      const offTunnel = session.tunnel?.onChange((t) => {
        if (json) {
          lines.push(toSafeJson(tunnelJson(t)));
          if (lines.length === 1) setImmediate(flush);
        }
        const text = toSafeText(tunnelLine(t), { oneLine: true });
        say(t.state === 'down' || t.reachable === false ? err.red(text) : t.changed ? err.yellow.bold(text) : err.green(text));
        for (const l of repasteLines(t)) say(err.dim(toSafeText(l, { oneLine: true })));
      });
      if (offTunnel) unsubscribe.push(offTunnel);
    },
    close(): void {
      flush();
      for (const off of unsubscribe.splice(0)) off();
    },
  };
}
