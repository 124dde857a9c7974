import { Writable } from 'node:stream';
import type { Io } from '../../src/core/io.js';

/** An Io whose streams collect text, for running features in-process. */
export function memoryIo(): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stream = (append: (s: string) => void) =>
    Object.assign(
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          append(chunk.toString());
          cb();
        },
      }),
      { isTTY: false },
    ) as unknown as NodeJS.WriteStream;
  return {
    stdout: stream((s) => (out += s)),
    stderr: stream((s) => (err += s)),
    env: { NO_COLOR: '1' },
    out: () => out,
    err: () => err,
  };
}
