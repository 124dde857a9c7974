export { stdio } from '../core/io.js';

/** The store file from --store, else the default location. */
export async function storeFrom(flag: string | undefined): Promise<string> {
  if (flag) return flag;
  const { defaultStorePath } = await import('../capture/store-path.js');
  return defaultStorePath();
}

/**
 * The exit code an action asks for (main() returns it once commander is done), and what a closed
 * stdout means (bin/webhook-kit.js): most commands stop quietly, as `list | head` asks; `send` and
 * `replay` finish the deliveries they started and exit with their verdict, since an exit 0 there
 * would say the endpoint passed.
 */
export const outcome: { code: number; onClosedPipe: 'exit' | 'finish' } = { code: 0, onClosedPipe: 'exit' };
