import type { Io } from '../capture/listen.js';

/** The process's streams and environment, passed to features so tests can substitute them. */
export const stdio = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/** The store file from --store, else the default location. */
export async function storeFrom(flag: string | undefined): Promise<string> {
  if (flag) return flag;
  const { defaultStorePath } = await import('../capture/store-path.js');
  return defaultStorePath();
}

/** The exit code an action asks for; main() returns it once commander is done. */
export const outcome = { code: 0 };
