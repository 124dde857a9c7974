import { describe, expect, it } from 'vitest';
import { KitError } from '../../src/core/errors.js';
import { ngrokMessage, sshHost } from '../../src/tunnel/engines.js';
import {
  cloudflaredBannerUrl,
  cloudflaredConnected,
  localhostRunUrl,
  pinggyLineUrl,
  ngrokApiUrl,
  ngrokErrorCode,
  ngrokRecord,
  pinggyUrls,
  quickTunnelUrl,
  serveoUrl,
  sshAllocatedPort,
  tailscaleFunnelUrl,
  tailscaleStatusUrl,
} from '../../src/tunnel/lines.js';
import { callbackUrls } from '../../src/output/paste.js';
import { parsePublicUrl, parseTunnelSpec, urlChangedWarning } from '../../src/tunnel/index.js';

const pick = <T>(lines: string[], f: (l: string) => T | null): T[] => lines.map(f).filter((x): x is T => x !== null);

describe('engine output patterns, against recorded transcripts', () => {
  it('cloudflared: the URL row of the 2020 and 2022+ banners, never a host from the error line', () => {
    const transcript = [
      'INFO[0000] Thank you for trying Argo Tunnel. Doing so, without a Cloudflare account, is a quick way to experiment with Argo Tunnel.',
      'INFO[0003] +--------------------------------------------------------+',
      'INFO[0003] |  Your free tunnel has started! Visit it:               |',
      'INFO[0003] |    https://old-words-here.trycloudflare.com          |',
      '2024-05-01T10:00:01Z INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |',
      '2024-05-01T10:00:01Z INF |  https://seasonal-deep-word.trycloudflare.com                                               |',
      '2024-05-01T10:00:01Z ERR Error requesting new quick Tunnel error="failed to request quick Tunnel: Post \\"https://api.trycloudflare.com/tunnel\\": EOF"',
      'failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com: no such host',
      '2024-05-01T10:00:01Z INF |  https://api.trycloudflare.com  |',
      '2024-05-01T10:00:01Z INF Visit https://evil.trycloudflare.com now',
    ];
    expect(pick(transcript, cloudflaredBannerUrl)).toEqual(['https://old-words-here.trycloudflare.com', 'https://seasonal-deep-word.trycloudflare.com']);
    expect(quickTunnelUrl('{"hostname":"seasonal-deep-word.trycloudflare.com"}')).toBe('https://seasonal-deep-word.trycloudflare.com');
    expect(quickTunnelUrl('{"hostname":""}')).toBeNull();
    expect(quickTunnelUrl('{"hostname":"api.trycloudflare.com"}')).toBeNull();
    expect(quickTunnelUrl('404 page not found')).toBeNull();
    expect(cloudflaredConnected('2024-05-01T10:00:02Z INF Registered tunnel connection connIndex=0 connection=0f7c event=0 ip=198.41.192.7 location=ams01 protocol=quic')).toBe(true);
    expect(cloudflaredConnected('INFO[0004] Connected to AMS   connectionID=6f1a')).toBe(true);
    expect(cloudflaredConnected('2024-05-01T10:00:02Z ERR Failed to serve quic connection error="timeout"')).toBe(false);
  });

  it('OpenSSH: "Allocated port N for remote forward to host:port" and nothing else', () => {
    expect(sshAllocatedPort('Allocated port 40123 for remote forward to 127.0.0.1:8686')).toEqual({ port: 40123, target: '127.0.0.1:8686' });
    expect(sshAllocatedPort('Allocated port 40123 for remote forward to 127.0.0.1:8686\r')).toEqual({ port: 40123, target: '127.0.0.1:8686' });
    expect(sshAllocatedPort('Warning: remote port forwarding failed for listen port 0')).toBeNull();
    expect(sshAllocatedPort('echo Allocated port 1 for remote forward to x:1; rm')).toBeNull();
  });

  it('localhost.run and serveo session text', () => {
    const lhr = [
      '\x1b[32m===============================================================================\x1b[0m',
      'Welcome to localhost.run!',
      'Follow your favourite reverse tunnel at [https://twitter.com/localhost_run].',
      'To set up and manage custom domains go to https://admin.localhost.run/',
      'More details on custom domains (and how to enable subdomains of your custom',
      'domain) at https://localhost.run/docs/custom-domains',
      '** your connection id is 2a1b3c4d-0000-4e5f-8a9b-0123456789ab, please mention it if you send me a message about an issue. **',
      '1a2b3c4d5e6f.lhr.life tunneled with tls termination, https://1a2b3c4d5e6f.lhr.life',
      'create an account and add your key for a longer lasting domain name. see https://localhost.run/docs/forever-free/ for more information.',
      'abc.localhost.run tunneled with tls termination, https://abc.localhost.run',
      // 2022 names (a Netopia SDK README quoting a session).
      'de3a810e7aa2b9.lhrtunnel.link tunneled with tls termination, https://de3a810e7aa2b9.lhrtunnel.link',
      'admin.localhost.run tunneled with tls termination, https://admin.localhost.run',
    ];
    expect(pick(lhr, localhostRunUrl)).toEqual(['https://1a2b3c4d5e6f.lhr.life', 'https://abc.localhost.run', 'https://de3a810e7aa2b9.lhrtunnel.link']);
    const serveo = [
      'Forwarding HTTP traffic from https://f00ba4.serveo.net',
      'Forwarding HTTP traffic from https://f00ba4-203-0-113-7.serveousercontent.com',
      'HTTP request from 203.0.113.7 to https://f00ba4.serveo.net/smsc',
    ];
    expect(pick(serveo, serveoUrl)).toEqual(['https://f00ba4.serveo.net', 'https://f00ba4-203-0-113-7.serveousercontent.com']);
  });

  it('ngrok JSON records (string and object addr), error codes and the agent API', () => {
    const str = ngrokRecord('{"addr":"http://127.0.0.1:8686","lvl":"info","msg":"started tunnel","name":"command_line","obj":"tunnels","t":"2023-01-01T00:00:00Z","url":"https://ab12-203-0-113-7.ngrok-free.app"}');
    expect(str).toMatchObject({ msg: 'started tunnel', addr: '127.0.0.1:8686', url: 'https://ab12-203-0-113-7.ngrok-free.app' });
    const obj = ngrokRecord('{"addr":{"Scheme":"http","Host":"127.0.0.1:8686","Path":""},"lvl":"info","msg":"started tunnel","url":"https://x.ngrok.app"}');
    expect(obj).toMatchObject({ addr: '127.0.0.1:8686', url: 'https://x.ngrok.app' });
    expect(ngrokRecord('t=2023 lvl=info msg="started tunnel" url=https://x')).toBeNull();
    expect(ngrokErrorCode('authentication failed: ...\r\n\r\nERR_NGROK_4018\r\n')).toBe('4018');
    expect(ngrokErrorCode('ERR_NGROK_108')).toBe('108');
    expect(ngrokErrorCode('no code')).toBeNull();
    expect(ngrokApiUrl('{"endpoints":[{"url":"tcp://1.tcp.ngrok.io:1"},{"url":"https://a.ngrok-free.app","upstream":{"url":"http://127.0.0.1:8686"}}]}', 8686)).toBe('https://a.ngrok-free.app');
    expect(ngrokApiUrl('{"endpoints":[{"url":"https://other.ngrok-free.app","upstream":{"url":"http://127.0.0.1:3000"}}]}', 8686)).toBeNull();
    expect(ngrokApiUrl('{"tunnels":[{"public_url":"http://b.ngrok.io","config":{"addr":"http://localhost:8686"}},{"public_url":"https://b.ngrok.io","config":{"addr":"http://localhost:8686"}}]}', 8686)).toBe('https://b.ngrok.io');
  });

  it("ngrok's account errors each get their fix", () => {
    expect(ngrokMessage('105', '')).toMatch(/^ngrok rejected the authtoken as malformed or revoked \(ERR_NGROK_105\): .*ngrok config add-authtoken <token>$/);
    expect(ngrokMessage('108', '')).toMatch(/already has an agent session running elsewhere \(ERR_NGROK_108;/);
    expect(ngrokMessage('8012', '')).toMatch(/cannot reach the local port \(ERR_NGROK_8012\)/);
    expect(ngrokMessage('999', 'ERROR:  something \x1b[31mred\x1b[0m\n')).toBe('ngrok failed (ERR_NGROK_999: ERROR:  something red); see https://ngrok.com/docs/errors/err_ngrok_999');
  });

  it('tailscale status JSON and funnel text; pinggy /urls', () => {
    expect(tailscaleStatusUrl('{"Self":{"DNSName":"box.tail1234.ts.net."}}')).toBe('https://box.tail1234.ts.net');
    expect(tailscaleStatusUrl('{"Self":{"DNSName":""}}')).toBeNull();
    expect(tailscaleFunnelUrl('https://box.tail1234.ts.net/')).toBe('https://box.tail1234.ts.net');
    expect(tailscaleFunnelUrl('|-- / proxy http://127.0.0.1:8686')).toBeNull();
    expect(pinggyUrls('{"urls":["http://rn.a.free.pinggy.link","https://rn.a.free.pinggy.link"]}')).toBe('https://rn.a.free.pinggy.link');
    expect(pinggyUrls('{"urls":[]}')).toBeNull();
    // Session text (Pinggy-io/pinggy_website content/docs): the URLs on their own lines; never
    // its own site or the ssh host.
    const session = ['You can access local server via following URL(s):', 'http://fakqxzqrohxxx.a.pinggy.online', 'https://fakqxzqrohxxx.a.pinggy.online', 'https://fakqxzqrohxxx.b.pinggy.io', 'https://dashboard.pinggy.io', 'https://a.pinggy.io'];
    expect(session.map(pinggyLineUrl).filter(Boolean)).toEqual(['https://fakqxzqrohxxx.a.pinggy.online', 'https://fakqxzqrohxxx.b.pinggy.io']);
  });
});

describe('--tunnel and --public-url values', () => {
  it('reads each engine and preset', () => {
    expect(parseTunnelSpec('ssh:me@example.com')).toEqual({ engine: 'ssh', destination: 'me@example.com', service: 'own' });
    expect(parseTunnelSpec('ssh:ssh://me@example.com:2222')).toEqual({ engine: 'ssh', destination: 'ssh://me@example.com:2222', service: 'own' });
    expect(parseTunnelSpec('localhost.run')).toEqual({ engine: 'ssh', destination: 'nokey@localhost.run', service: 'localhost.run' });
    expect(parseTunnelSpec('serveo')).toEqual({ engine: 'ssh', destination: 'serveo.net', service: 'serveo' });
    expect(parseTunnelSpec('pinggy')).toEqual({ engine: 'ssh', destination: 'a.pinggy.io', service: 'pinggy' });
    expect(parseTunnelSpec('cloudflared')).toEqual({ engine: 'cloudflared' });
    expect(parseTunnelSpec('cloudflared:http2')).toEqual({ engine: 'cloudflared', protocol: 'http2' });
    expect(parseTunnelSpec('ngrok')).toEqual({ engine: 'ngrok' });
    expect(parseTunnelSpec('tailscale')).toEqual({ engine: 'tailscale' });
    expect(parsePublicUrl('https://hooks.example.com/')).toEqual({ engine: 'url', url: 'https://hooks.example.com' });
    expect(sshHost('me@example.com')).toBe('example.com');
    expect(sshHost('ssh://me@example.com:2222')).toBe('example.com');
    expect(sshHost('[::1]')).toBe('[::1]');
  });

  it('refuses the rest as usage errors (exit 2), including an option smuggled after ssh:', () => {
    for (const bad of ['localtunnel', 'ssh:', 'ssh:-oProxyCommand=touch /tmp/x', 'ssh:me@host;rm']) {
      const e = (() => {
        try {
          parseTunnelSpec(bad);
        } catch (x) {
          return x;
        }
      })();
      expect(e).toBeInstanceOf(KitError);
      expect((e as KitError).exitCode).toBe(2);
    }
    expect(() => parseTunnelSpec('localtunnel')).toThrow('--tunnel "localtunnel" is not an engine webhook-kit drives; use one of: ssh:<user@host>, localhost.run, serveo, pinggy, cloudflared, cloudflared:http2, ngrok, tailscale; or give a URL you made with --public-url');
    // A typo names the nearest engine; ssh:<user@host> is a form, never offered as a name.
    expect(() => parseTunnelSpec('cloudflare')).toThrow('--tunnel "cloudflare" is not an engine webhook-kit drives; did you mean cloudflared? use one of:');
    expect(() => parseTunnelSpec('ngrock')).toThrow('did you mean ngrok? use one of:');
    expect(() => parsePublicUrl('hooks.example.com')).toThrow('--public-url "hooks.example.com" is not an absolute http(s) URL; give it like https://hooks.example.com');
    // A base is printed everywhere and gets each provider's path and query: no password, query or fragment (review finding).
    for (const bad of ['https://bob:hunter2pass@hooks.example.com/', 'https://hooks.example.com/in?token=tokVALUE123', 'https://hooks.example.com/in#frag', 'https://hooks.example.com/?']) {
      let e: unknown;
      try {
        parsePublicUrl(bad);
      } catch (x) {
        e = x;
      }
      expect((e as KitError).exitCode).toBe(2);
      expect((e as KitError).message).not.toMatch(/hunter2pass|tokVALUE123/);
    }
    expect(() => parsePublicUrl('https://hooks.example.com/in?token=tokVALUE123')).toThrow('give it like https://hooks.example.com/in');
    expect(parsePublicUrl('https://hooks.example.com/in/')).toEqual({ engine: 'url', url: 'https://hooks.example.com/in' });
  });
});

describe('"paste this" lines', () => {
  it('gives each provider its callback URL on the public base, with placeholders for secrets', () => {
    const lines = callbackUrls('https://seasonal-deep-word.trycloudflare.com/');
    expect(lines.map((l) => [l.provider, l.url])).toEqual([
      ['smsc', 'https://seasonal-deep-word.trycloudflare.com/smsc?charset=utf-8&fmt=3&md5=<your-secret>'],
      ['webcom', 'https://seasonal-deep-word.trycloudflare.com/webcom'],
      ['smsgateway24', 'https://seasonal-deep-word.trycloudflare.com/sg24?token=<your-token>'],
      ['zender', 'https://seasonal-deep-word.trycloudflare.com/zender'],
      ['smsgate', 'https://seasonal-deep-word.trycloudflare.com/smsgate'],
    ]);
    expect(lines.find((l) => l.provider === 'webcom')!.note).toMatch(/manager/);
    expect(lines.find((l) => l.provider === 'smsgateway24')!.note).toMatch(/device settings/);
  });

  it('warns when the URL differs from the last run', () => {
    expect(urlChangedWarning(null, 'https://a.trycloudflare.com')).toBeNull();
    expect(urlChangedWarning('https://a.trycloudflare.com/', 'https://a.trycloudflare.com')).toBeNull();
    expect(urlChangedWarning('https://a.trycloudflare.com', 'https://b.trycloudflare.com')).toBe(
      'the public URL changed since the last run (was https://a.trycloudflare.com, now https://b.trycloudflare.com): the gateway still calls the old one until you paste the new URL in its settings',
    );
  });
});
