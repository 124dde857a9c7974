export { stdio } from '../core/io.js';

/** The store file from --store, else the default location. */
export async function storeFrom(flag: string | undefined): Promise<string> {
  if (flag) return flag;
  const { defaultStorePath } = await import('../capture/store-path.js');
  return defaultStorePath();
}

/** The exit code an action asks for; main() returns it once commander is done. */
export const outcome = { code: 0 };
