import { KitError, EXIT } from '../core/errors.js';
import { captureLine } from '../output/capture-line.js';
import { paintFor } from '../output/paint.js';
import { providers } from '../providers/registry.js';
import type { RespondOverride } from './answer.js';
import { isExposedHost, lanAddresses } from './lan.js';
import { CaptureServer } from './server.js';
import { Store } from './store.js';
import { captureJson, type CaptureView } from './view.js';

export interface ListenOptions {
  host: string;
  port: number;
  storePath: string;
  maxBody: number;
  json: boolean;
  /** Exit 0 after this many captures. */
  count?: number;
  /** Give up after this many seconds (non-zero exit when --count was not reached). */
  timeoutSec?: number;
  secrets: Record<string, string>;
  respond?: RespondOverride;
  requestTimeoutMs?: number;
}

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** Runs the capture server until --count, --timeout or a signal; resolves with the exit code. */
export async function runListen(opts: ListenOptions, io: Io): Promise<number> {
  const store = Store.open(opts.storePath);
  const server = new CaptureServer({
    store,
    host: opts.host,
    port: opts.port,
    maxBody: opts.maxBody,
    secrets: opts.secrets,
    respond: opts.respond,
    requestTimeoutMs: opts.requestTimeoutMs,
  });
  try {
    await server.listen();
  } catch (e) {
    store.close();
    throw e;
  }
  const out = paintFor(io.stdout, io.env);
  const err = paintFor(io.stderr, io.env);
  const say = (line: string): void => void io.stderr.write(`${line}\n`);
  const emit = (line: string): void => void io.stdout.write(`${line}\n`);

  if (opts.json) emit(JSON.stringify({ type: 'ready', url: server.url, store: store.file }));
  say(`${err.bold('webhook-kit')} listening on ${err.cyan(server.url)}  (store: ${store.file})`);
  if (isExposedHost(opts.host)) {
    const lan = lanAddresses().map((a) => `http://${a}:${server.port}`);
    if (lan.length) say(`  on your network: ${lan.join('  ')}  (use this on a phone running the gateway app)`);
    say(err.yellow(`warning: bound to ${opts.host}: anyone on your network can send requests to this server`));
  }
  say(err.dim(`  provider routes: ${providers.map((p) => `${server.url}/${p.routes[0]}`).join('  ')}  (any other path: detected by fields)`));

  let captured = 0;
  return await new Promise<number>((resolve) => {
    let finished = false;
    const timers: NodeJS.Timeout[] = [];
    const stop = (code: number, message?: string): void => {
      if (finished) return;
      finished = true;
      timers.forEach(clearTimeout);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (message) say(message);
      server.close().finally(() => {
        store.close();
        resolve(code);
      });
    };
    const onInt = (): void => stop(EXIT.interrupted);
    const onTerm = (): void => stop(EXIT.ok);
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    io.stdout.on('error', (e: NodeJS.ErrnoException) => {
      // The reader of a pipe went away (`| head`): stop quietly.
      if (e.code === 'EPIPE') stop(EXIT.ok);
    });
    server.on('problem', (e: Error) => say(err.red(`webhook-kit: ${e.message}`)));
    server.on('capture', (view: CaptureView) => {
      if (finished) return;
      captured++;
      emit(opts.json ? JSON.stringify(captureJson(view)) : captureLine(view, out));
      if (opts.count !== undefined && captured >= opts.count) stop(EXIT.ok);
    });
    if (opts.timeoutSec !== undefined) {
      timers.push(
        setTimeout(() => {
          if (opts.count === undefined) stop(EXIT.ok);
          else {
            const e = new KitError('E_TIMEOUT', `timed out after ${opts.timeoutSec}s: got ${captured} of ${opts.count} captures`);
            stop(e.exitCode, err.red(`webhook-kit: ${e.message}`));
          }
        }, opts.timeoutSec * 1000),
      );
    }
  });
}
