/** The streams and environment a command prints through; tests substitute their own. */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** The process's own streams and environment. */
export const stdio = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });
