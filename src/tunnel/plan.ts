import { createServer } from 'node:net';
import type { KitError } from '../core/errors.js';


/** What one output line told us; a line can say nothing. */
export interface LineFacts {
  url?: string;
  /** The engine says traffic can flow (cloudflared's edge connection). */
  connected?: boolean;
  /** A failure the engine will not recover from on its own. */
  fatal?: KitError;
  /** Kept for the timeout message (cloudflared's QUIC errors). */
  hint?: string;
}

/** How to run one engine once and read its public URL back. */
export interface EnginePlan {
  /** Name in messages: `cloudflared`, `ngrok`, `tailscale`, `ssh`. */
  name: string;
  command: string;
  args: string[];
  /** Extra environment for the engine. */
  env?: Record<string, string>;
  /** True when the command is a shell line (WEBHOOK_KIT_SSH_COMMAND) run through /bin/sh. */
  viaShell?: string;
  line(text: string): LineFacts | undefined;
  /** Asks the engine's local API; null while it does not know the URL yet. */
  poll?(localPort: number, signal: AbortSignal): Promise<string | null>;
  /** Whether 'up' also waits for a `connected` line (after the URL). */
  waitConnected: boolean;
  timeoutMs: number;
  /** Message when the command is not installed. */
  notInstalled: string;
  /** The fix appended to "no URL within Ns". */
  timeoutFix(hints: ReadonlySet<string>): string;
  cleanup(): void;
}

const GET_IT: Record<'ssh' | 'cloudflared' | 'ngrok' | 'tailscale', string> = {
  ssh: 'install the OpenSSH client (Debian/Ubuntu: apt install openssh-client; macOS and Windows 10+ ship it)',
  cloudflared: 'install it from https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/',
  ngrok: 'install it from https://ngrok.com/download (agent 3.2 or newer)',
  tailscale: 'install it from https://tailscale.com/download and run `tailscale up`',
};

export const notInstalled = (name: keyof typeof GET_IT): string =>
  `${name} is not installed (not found on PATH): ${GET_IT[name]}, or give a URL you made with --public-url`;

/** A free loopback TCP port for an engine's local API (metrics, web_addr, pinggy's debugger). */
export async function freeLoopbackPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', resolve);
  });
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** GET on an engine's loopback API; null on any failure (not up yet), the body otherwise. */
export async function getLocal(url: string, signal: AbortSignal): Promise<{ status: number; body: string } | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]) });
    return { status: res.status, body: await res.text() };
  } catch {
    return null;
  }
}

export const firstLine = (s: string): string => s.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? s;

/** Does nothing: the cleanup of a plan that leaves nothing behind. */
export const nothing = (): void => {};
