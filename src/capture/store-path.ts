import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where captures live unless --store says otherwise: WEBHOOK_KIT_HOME, else the XDG data dir. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WEBHOOK_KIT_HOME) return join(env.WEBHOOK_KIT_HOME, 'captures.db');
  const data = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(data, 'webhook-kit', 'captures.db');
}
