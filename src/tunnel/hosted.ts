import { execFile } from 'node:child_process';
import { KitError } from '../core/errors.js';
import { safePreview } from '../core/safe-text.js';
import { cloudflaredBannerUrl, cloudflaredConnected, plainLine, quickTunnelUrl, tailscaleFunnelUrl, tailscaleStatusUrl } from './lines.js';
import { freeLoopbackPort, getLocal, notInstalled, nothing, type EnginePlan } from './plan.js';
import type { TunnelSpec } from './spec.js';

/** A cloudflared quick tunnel; the URL from its metrics server's /quicktunnel. */
export async function cloudflaredPlan(spec: Extract<TunnelSpec, { engine: 'cloudflared' }>, localPort: number): Promise<EnginePlan> {
  const local = `127.0.0.1:${localPort}`;
  const metrics = await freeLoopbackPort();
  let hasQuickTunnelApi = true;
  let banner: string | null = null;
  const args = ['tunnel', '--no-autoupdate', '--metrics', `127.0.0.1:${metrics}`, '--url', `http://${local}`];
  if (spec.protocol) args.push('--protocol', spec.protocol);
  return {
    name: 'cloudflared',
    command: 'cloudflared',
    args,
    waitConnected: true,
    timeoutMs: 60_000,
    notInstalled: notInstalled('cloudflared'),
    cleanup: nothing,
    timeoutFix: (hints) =>
      hints.has('quic') && spec.protocol !== 'http2'
        ? "cloudflared's QUIC connection to Cloudflare fails here (UDP 7844 blocked?); retry with cloudflared's --protocol http2: --tunnel cloudflared:http2"
        : 'Cloudflare may be slow or down; retry, or use another --tunnel or --public-url',
    line: (text) => {
      const l = plainLine(text);
      if (/failed to (?:request|unmarshal) quick Tunnel|failed to parse quick Tunnel ID/i.test(l)) {
        return { fatal: new KitError('E_TUNNEL', 'cloudflared could not get a quick tunnel from Cloudflare (the service is down, rate-limited or blocked from here); retry in a minute, use another --tunnel, or --public-url') };
      }
      if (/failed to dial to edge with quic|Failed to serve quic connection|failed to accept QUIC stream|QUIC.*timeout/i.test(l)) return { hint: 'quic' };
      if (cloudflaredConnected(l)) return { connected: true };
      // The banner is used only when the metrics server cannot say (versions before /quicktunnel).
      banner ??= cloudflaredBannerUrl(l);
      return banner && !hasQuickTunnelApi ? { url: banner } : undefined;
    },
    poll: async (_port, signal) => {
      const r = await getLocal(`http://127.0.0.1:${metrics}/quicktunnel`, signal);
      if (r && r.status === 404) hasQuickTunnelApi = false;
      return r && r.status === 200 ? quickTunnelUrl(r.body) : hasQuickTunnelApi ? null : banner;
    },
  };
}

/** Tailscale Funnel; the URL from `tailscale status --json` once Funnel says it serves. */
export function tailscalePlan(localPort: number, env: NodeJS.ProcessEnv): EnginePlan {
  // Tailscale Funnel in the foreground, so it ends with us (`--bg` would outlive listen).
  let funnelSaid = false;
  let printed: string | null = null;
  return {
    name: 'tailscale',
    command: 'tailscale',
    args: ['funnel', String(localPort)],
    waitConnected: false,
    timeoutMs: 30_000,
    notInstalled: notInstalled('tailscale'),
    cleanup: nothing,
    timeoutFix: () => 'check `tailscale status` and `tailscale funnel status`; Funnel serves only on ports 443, 8443 and 10000',
    line: (text) => {
      const l = plainLine(text);
      const fatal = tailscaleFatal(l, localPort);
      if (fatal) return { fatal };
      if (/^Available on the internet:?$/i.test(l)) funnelSaid = true;
      else if (funnelSaid) printed ??= tailscaleFunnelUrl(l);
      return undefined;
    },
    // Once Funnel says it serves, the machine's name comes from `tailscale status --json`
    // (Self.DNSName); the printed line is the fallback for versions whose JSON lacks it.
    poll: async (_port, signal) => {
      if (!funnelSaid) return null;
      const out = await new Promise<string | null>((resolve) => {
        execFile('tailscale', ['status', '--self=true', '--peers=false', '--json'], { env, signal, timeout: 5000 }, (err, stdout) => resolve(err ? null : stdout));
      });
      return (out !== null ? tailscaleStatusUrl(out) : null) ?? printed;
    },
  };
}

/**
 * `tailscale funnel`'s refusals, in the CLI's own words: "Funnel is not enabled on your tailnet."
 * then a login.tailscale.com/f/funnel link, after which the CLI waits until someone enables it
 * (tailscale/tailscale#16668); the older check's "Funnel not available; HTTPS must be enabled." and
 * "Funnel not available; \"funnel\" node attribute not set." (ipn/serve.go CheckFunnelAccess);
 * "port N is not allowed for funnel" (CheckFunnelPort); "Unable to turn on Funnel while shields-up
 * is enabled" (tailscale/tailscale#11049); "Failed to connect to local Tailscale daemon"
 * (client/local/local.go) and "Logged out." when the daemon is down or signed out.
 */
export function tailscaleFatal(l: string, localPort: number): KitError | undefined {
  const fail = (m: string): KitError => new KitError('E_TUNNEL', m);
  if (/HTTPS must be enabled|does not support getting TLS certs/i.test(l)) {
    return fail('HTTPS certificates are off for this tailnet (Funnel needs them): enable HTTPS in the admin console, https://login.tailscale.com/admin/dns, then retry');
  }
  if (/Funnel is not enabled|Serve is not enabled|"?funnel"? node attribute not set/i.test(l)) {
    return fail(`Funnel is not enabled for this tailnet or machine: run tailscale funnel ${localPort} once yourself and open the link it prints (a tailnet admin enables the funnel attribute), then retry`);
  }
  if (/shields-up is enabled/i.test(l)) return fail('Tailscale blocks incoming connections on this machine (shields up), so Funnel cannot serve: turn on "Allow incoming connections" (tailscale set --shields-up=false), then retry');
  if (/port \d+ is not allowed for funnel/i.test(l)) return fail(`the tailnet policy does not allow Funnel on port 443 for this machine (${safePreview(l, 120)}); a tailnet admin adds 443 to funnel-ports, then retry`);
  if (/failed to connect to local Tailscale|is Tailscale running|Tailscale is stopped|NeedsLogin|not logged in|^Logged out\.?$/i.test(l)) {
    return fail('tailscale is not running or not logged in on this machine: run `tailscale up`, then retry');
  }
  return undefined;
}
