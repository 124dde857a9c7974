import { Chalk, supportsColor, supportsColorStderr, type ChalkInstance } from 'chalk';

/**
 * One chalk per stream. chalk's own detection ignores NO_COLOR (supports-color reads only
 * FORCE_COLOR and --no-color), so it is honoured here, once.
 */
export function paintFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  const detected = stream === process.stderr ? supportsColorStderr : supportsColor;
  const off = (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || !detected || !stream.isTTY;
  return new Chalk({ level: off ? 0 : detected.level });
}

/** A chalk that never colours (files, pipes, tests). */
export const plain: ChalkInstance = new Chalk({ level: 0 });
