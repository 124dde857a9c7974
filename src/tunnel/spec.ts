import { KitError } from '../core/errors.js';
import { didYouMean } from '../core/json-fields.js';
import { isHttpUrl } from '../core/raw-request.js';

/** The OpenSSH services we know how to read back; `own` is any host the user can `ssh -R` to. */
export type SshService = 'own' | 'localhost.run' | 'serveo' | 'pinggy';

/** What `--tunnel <engine>` or `--public-url <url>` asked for. */
export type TunnelSpec =
  | { engine: 'ssh'; destination: string; service: SshService }
  | { engine: 'cloudflared'; protocol?: 'http2' | 'quic' }
  | { engine: 'ngrok' }
  | { engine: 'tailscale' }
  | { engine: 'url'; url: string };

export type TunnelEngine = TunnelSpec['engine'];

/** Destinations of the presets (docs of each service, as listed in the README's tunnel section). */
const PRESETS: Record<Exclude<SshService, 'own'>, string> = {
  'localhost.run': 'nokey@localhost.run',
  serveo: 'serveo.net',
  pinggy: 'a.pinggy.io',
};

/** The engines --tunnel takes by name (completion offers these; ssh:<user@host> is a form, not a name). */
export const TUNNEL_NAMES: readonly string[] = ['localhost.run', 'serveo', 'pinggy', 'cloudflared', 'cloudflared:http2', 'ngrok', 'tailscale'];

export const TUNNEL_CHOICES = ['ssh:<user@host>', ...TUNNEL_NAMES].join(', ');

/** Reads the value of `--tunnel`. A bad value is a usage error that lists the choices. */
export function parseTunnelSpec(text: string): TunnelSpec {
  const t = text.trim();
  if (t === 'localhost.run' || t === 'serveo' || t === 'pinggy') return { engine: 'ssh', destination: PRESETS[t], service: t };
  if (t === 'cloudflared') return { engine: 'cloudflared' };
  if (t === 'cloudflared:http2' || t === 'cloudflared:quic') return { engine: 'cloudflared', protocol: t.slice('cloudflared:'.length) as 'http2' | 'quic' };
  if (t === 'ngrok') return { engine: 'ngrok' };
  if (t === 'tailscale') return { engine: 'tailscale' };
  if (t.startsWith('ssh:')) {
    const destination = t.slice(4);
    // A destination starting with '-' would be read by ssh as an option.
    if (/^(?:ssh:\/\/)?[A-Za-z0-9_.@%:[\]-]+$/.test(destination) && !destination.startsWith('-')) return { engine: 'ssh', destination, service: 'own' };
    throw new KitError('E_USAGE', `--tunnel ${JSON.stringify(text)}: after ssh: give an OpenSSH destination such as ssh:me@example.com or ssh:ssh://me@example.com:2222`);
  }
  throw new KitError('E_USAGE', `--tunnel ${JSON.stringify(text)} is not an engine webhook-kit drives; ${didYouMean(t, TUNNEL_NAMES)}use one of: ${TUNNEL_CHOICES}; or give a URL you made with --public-url`);
}

/** Reads `--public-url`: an absolute http(s) URL, kept without a trailing slash. */
export function parsePublicUrl(text: string): TunnelSpec {
  if (!isHttpUrl(text)) throw new KitError('E_USAGE', `--public-url ${JSON.stringify(text)} is not an absolute http(s) URL; give it like https://hooks.example.com`);
  const u = new URL(text);
  // It is a base: each provider's path and query go after it (output/paste.ts), and it is printed
  // in every line and NDJSON, so it may carry no query, fragment or password to show in full.
  if (u.username || u.password) throw new KitError('E_USAGE', '--public-url must not carry a user name or password (it is printed in every line); give the base URL only, like https://hooks.example.com, and set credentials in the gateway');
  if (u.search || u.hash || text.includes('?') || text.includes('#')) {
    throw new KitError('E_USAGE', `--public-url must be a base URL without ?query or #fragment (each provider's path and query are added to it); give it like ${u.origin}${u.pathname.replace(/\/+$/, '')}`);
  }
  return { engine: 'url', url: text.replace(/\/+$/, '') };
}

/** The name shown in lines and NDJSON (`engine`): the preset or `ssh` for an own host. */
export function engineLabel(spec: TunnelSpec): string {
  return spec.engine === 'ssh' && spec.service !== 'own' ? spec.service : spec.engine;
}
