import { Command, Option } from 'commander';
import { collectSecret, parseFraction, parseHttpStatus, parseMillis, parsePort, parsePositiveInt, parseSeconds, parseSize } from './parse.js';
import { DEFAULT_URL, DEFAULTS } from '../core/defaults.js';
import type { Catalog } from './catalog.js';
import { outcome, stdio, storeFrom } from './io.js';

interface ListenFlags {
  host: string;
  port: number;
  store?: string;
  maxBody: number;
  json?: boolean;
  tui: boolean;
  count?: number;
  timeout?: number;
  secret?: Array<[string, string]>;
  respond?: number;
  respondBody?: string;
  respondDelay?: number;
  failRate?: number;
  failStatus?: number;
  forwardTo?: string;
  forwardPathMode: 'keep' | 'replace';
  forwardTimeout: number;
  requestTimeout?: number;
  maxStoreSize?: number;
  maxCaptures?: number;
  retention: 'refuse' | 'rotate';
  tunnel?: string;
  publicUrl?: string;
  tls?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  inspector: boolean;
  inspectorPort: number;
}

/** `webhook-kit listen`: wiring only; the work is in commands/listen.ts. */
export const listenCommand = (catalog: Catalog): Command =>
  new Command('listen')
    .description('capture SMS-gateway callbacks: store each one before answering, decode it and show it live')
    .option('-p, --port <port>', 'port to bind (0 = any free port)', parsePort, DEFAULTS.port)
    .option('-H, --host <host>', 'address to bind; 0.0.0.0 makes it reachable from your network (a phone)', DEFAULTS.host)
    .option('--store <file>', 'SQLite store (default: $WEBHOOK_KIT_HOME/captures.db or ~/.local/share/webhook-kit/captures.db)')
    .option('--max-body <size>', 'largest body stored in full; larger ones are stored truncated and answered 413', parseSize, DEFAULTS.maxBody)
    .option('--json', 'print NDJSON on stdout: a ready line, then one object per capture')
    .option('--no-tui', 'print plain lines even in an interactive terminal')
    .option('-n, --count <n>', 'exit 0 after n captures', parsePositiveInt)
    .option('-t, --timeout <seconds>', 'stop after this long (30s, 2m; a bare number is seconds); exit 1 if --count was not reached by then', parseSeconds)
    .option('--secret <provider=value>', 'secret to check signatures with (repeatable; or WEBHOOK_KIT_SECRET_<PROVIDER>)', collectSecret)
    // With --forward-to your app answers, so the flags that make listen answer would do nothing.
    .addOption(new Option('--respond <status>', 'answer every request with this HTTP status instead of the provider\'s expected answer').argParser(parseHttpStatus).conflicts('forwardTo'))
    .addOption(new Option('--respond-body <template>', 'answer body; {{messageId}}, {{messageIds}} and {{echo}} (the provider\'s healthy answer) are filled in').conflicts('forwardTo'))
    .addOption(new Option('--respond-delay <ms>', 'wait this long before answering, the capture stored first (200ms, 2s; a bare number is milliseconds)').argParser(parseMillis).conflicts('forwardTo'))
    .addOption(new Option('--fail-rate <fraction>', 'answer this fraction of requests (0..1) with --fail-status, to watch a gateway retry').argParser(parseFraction).conflicts('forwardTo'))
    .addOption(new Option('--fail-status <status>', 'status for --fail-rate failures').argParser(parseHttpStatus).default(500).conflicts('forwardTo'))
    .option('--forward-to <url>', 'stand in front of your app: relay each capture there and answer with its answer')
    .addOption(new Option('--forward-path-mode <mode>', 'keep: append the received path and query to --forward-to; replace: use --forward-to exactly').choices(['keep', 'replace']).default('keep'))
    .option('--forward-timeout <seconds>', 'how long to wait for your app, then answer 504 (500ms, 10s; a bare number is seconds)', parseSeconds, DEFAULTS.forwardTimeoutMs / 1000)
    .addOption(new Option('--request-timeout <seconds>', 'drop clients that take longer to send a request (a bare number is seconds)').argParser(parseSeconds).default(DEFAULTS.requestTimeoutMs / 1000))
    .addOption(new Option('--tunnel <engine>', 'reach listen from the internet through an engine you have installed: ssh:<user@host>, localhost.run, serveo, pinggy, cloudflared, ngrok, tailscale').conflicts('publicUrl'))
    .addOption(new Option('--inspector-port <port>', `the browser inspector's loopback port (0 = any free port; busy: a free one)`).argParser(parsePort).default(DEFAULTS.inspectorPort).env('WEBHOOK_KIT_INSPECTOR_PORT'))
    .option('--no-inspector', 'do not serve the browser inspector')
    .option('--public-url <url>', 'a public URL you made (your reverse proxy, a named tunnel) that reaches listen; probed and shown like --tunnel')
    .option('--tls', 'serve HTTPS: with --tls-cert/--tls-key, else a certificate from a local CA made with openssl (for a phone on your network)')
    .option('--tls-cert <file>', 'PEM certificate for --tls (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key for --tls (with --tls-cert)')
    .option('--max-store-size <size>', 'cap the store file (e.g. 500m); what happens once it is full is --retention', parseSize)
    .option('--max-captures <n>', 'keep at most n captures (see --retention)', parsePositiveInt)
    .addOption(new Option('--retention <mode>', 'when the store is full or holds --max-captures: rotate deletes the oldest captures to keep the newest; refuse answers 500 and stores nothing until there is room').choices(['refuse', 'rotate']).default('refuse'))
    .addHelpText(
      'after',
      `
Examples:
  $ webhook-kit listen                          # http://127.0.0.1:8686, live view
  $ webhook-kit listen --port 0 --json | jq .   # NDJSON for scripts
  $ webhook-kit listen --count 1 --timeout 30   # wait for one callback, exit 0 (or 1 on timeout)
  $ webhook-kit listen --host 0.0.0.0           # reachable from a phone running an SMS-gateway app
  $ webhook-kit listen --secret smsc=my_secret-1 --respond 500
  $ webhook-kit listen --forward-to http://localhost:3000      # relay to your app, judge its answers
  $ webhook-kit listen --fail-rate 0.5 --respond-delay 200     # play a flaky endpoint
  $ webhook-kit listen --tunnel cloudflared                    # a public URL, probed, with "paste this" lines
  $ webhook-kit listen --tunnel ssh:me@my-server.example       # ssh -R to your own host
  $ webhook-kit listen --host 0.0.0.0 --tls                    # HTTPS for a phone app that refuses http://

Point a gateway at ${DEFAULT_URL}/<provider> (${catalog.ids}) or any path.`,
    )
    .action(async (flags: ListenFlags, cmd: Command) => {
      const [{ runListen, parsePublicUrl, parseTunnelSpec }, { runSecrets }] = await Promise.all([import('../commands/listen.js'), import('./parse.js')]);
      const { checkUrl } = await import('./check-url.js');
      const { KitError } = await import('../core/errors.js');
      // A flag that would do nothing without another is refused, not ignored. A config file may
      // keep a --fail-status for the runs that add --fail-rate: only the command line's is refused.
      const needs = [
        ['forwardPathMode', '--forward-path-mode', 'forwardTo', '--forward-to <url>', ['cli', 'config']],
        ['forwardTimeout', '--forward-timeout', 'forwardTo', '--forward-to <url>', ['cli', 'config']],
        ['failStatus', '--fail-status', 'failRate', '--fail-rate <fraction>', ['cli']],
      ] as const;
      for (const [key, flag, other, otherFlag, sources] of needs) {
        if ((flags[other] === undefined || flags[other] === '') && (sources as readonly string[]).includes(cmd.getOptionValueSource(key) ?? '')) throw new KitError('E_USAGE', `${flag} only applies with ${otherFlag}; add ${otherFlag.split(' ')[0]} or drop ${flag}`);
      }
      if (!flags.tlsCert !== !flags.tlsKey) throw new KitError('E_USAGE', `${flags.tlsCert ? '--tls-cert' : '--tls-key'} needs ${flags.tlsCert ? '--tls-key' : '--tls-cert'} too; give both, or --tls alone for a local certificate`);
      const tunnel = flags.tunnel !== undefined ? parseTunnelSpec(flags.tunnel) : flags.publicUrl !== undefined ? parsePublicUrl(flags.publicUrl) : undefined;
      const secrets = await runSecrets(flags.secret);
      outcome.code = await runListen(
        {
          host: flags.host,
          port: flags.port,
          storePath: await storeFrom(flags.store),
          maxBody: flags.maxBody,
          json: flags.json ?? false,
          tui: flags.tui,
          count: flags.count,
          timeoutSec: flags.timeout,
          secrets,
          respond: {
            status: flags.respond,
            body: flags.respondBody,
            delayMs: flags.respondDelay,
            failRate: flags.failRate,
            failStatus: flags.failStatus,
          },
          forward: flags.forwardTo ? { target: checkUrl(flags.forwardTo, '--forward-to'), pathMode: flags.forwardPathMode, timeoutMs: flags.forwardTimeout * 1000 } : undefined,
          requestTimeoutMs: (flags.requestTimeout ?? DEFAULTS.requestTimeoutMs / 1000) * 1000,
          maxStoreSize: flags.maxStoreSize,
          retention: { mode: flags.retention, maxCaptures: flags.maxCaptures },
          tunnel,
          inspectorPort: flags.inspector ? flags.inspectorPort : null,
          tls: flags.tls || flags.tlsCert ? { certFile: flags.tlsCert, keyFile: flags.tlsKey } : undefined,
        },
        { ...stdio(), stdin: process.stdin },
      );
    });
