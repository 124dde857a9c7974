import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { render as inkRender } from 'ink';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { indexable } from '../../src/capture/correlate.js';
import { Store, type CaptureRecord } from '../../src/capture/store.js';
import { viewCapture, type CaptureView } from '../../src/capture/view.js';
import type { RawRequest } from '../../src/core/raw-request.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { inspect } from '../../src/providers/inspect.js';
import type { TuiSession } from '../../src/tui/model.js';
import { tempDir } from '../helpers/tmp.js';
import { FakeStdin, FakeStdout } from './terminal.js';

export { FakeStdin, FakeStdout };

/** 16 colours, so frames carry predictable SGR codes (green is 32, red 31...). */
export const colour = new Chalk({ level: 1 });
/** What NO_COLOR gives. */
export const mono = new Chalk({ level: 0 });

// eslint-disable-next-line no-control-regex
export const stripSgr = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

/** A sample's request by provider and fixture name. */
export function sample(provider: string, name: string): RawRequest {
  const ref = listSamples(provider).find((s) => s.name === name);
  if (!ref) throw new Error(`no sample ${provider}/${name}`);
  return loadSample(ref);
}

/** A real store in a temp dir and a session around it whose server is a bare emitter. */
export function testSession(extra: Partial<TuiSession> = {}) {
  const tmp = tempDir('wk-tui-');
  const store = Store.open(join(tmp.dir, 'captures.db'));
  const server = new EventEmitter();
  const session = {
    server,
    store,
    secrets: {},
    urls: ['http://127.0.0.1:8686'],
    quit: vi.fn(),
    ...extra,
  } satisfies TuiSession;
  let at = Date.UTC(2024, 0, 1, 9, 0, 0);
  /** Stores a request the way the capture server does (status events indexed). */
  const insert = (req: RawRequest): CaptureRecord => {
    const i = inspect(req);
    const provider = i.provider?.id;
    const events = provider ? indexable(i.decoded).map((e) => ({ provider, ...e })) : [];
    at += 1000;
    return store.insert(
      { ...req, receivedAt: at, remote: '127.0.0.1:5000', size: req.body.length, truncated: false, answer: { status: 200, headers: [['Content-Type', 'text/plain']], body: Buffer.from('OK') } },
      events,
    );
  };
  /** Stores a request and announces it as the server would. */
  const arrive = (req: RawRequest): CaptureView => {
    const view = viewCapture(insert(req), { store });
    server.emit('capture', view);
    return view;
  };
  const close = (): void => {
    store.close();
    tmp.cleanup();
  };
  return { session, store, insert, arrive, close };
}

/** Renders at a given terminal size (ink-testing-library's stdout is fixed at 100 columns). */
export function renderAt(tree: ReactNode, columns: number, rows: number) {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const instance = inkRender(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { stdout, stdin, lastFrame: stdout.lastFrame, unmount: instance.unmount };
}
