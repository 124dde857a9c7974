import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { pairsOf, parseSecret } from './parse.js';
import type { Catalog } from './catalog.js';
import { outcome, stdio, storeFrom } from './io.js';

interface VerifyFlags {
  provider?: string;
  secret?: string;
  capture?: string;
  store?: string;
  request?: string;
  body?: string;
  url?: string;
  header?: Array<[string, string]>;
  contentType?: string;
  json?: boolean;
}

/** `webhook-kit verify-signature`: wiring only; the work is in commands/verify.ts. */
export const verifyCommand = (catalog: Catalog): Command =>
  new Command('verify-signature')
    .description("check a callback's hash or shared secret: what was hashed, computed vs received, and why they differ")
    .option('-p, --provider <id>', `${catalog.ids} (with --capture: the capture's own provider by default)`)
    .option('--secret <secret>', 'the secret configured at the provider (or WEBHOOK_KIT_SECRET_<PROVIDER>)', parseSecret)
    .option('--capture <id>', 'a stored capture')
    .option('--store <file>', 'store to read --capture from')
    .option('--request <file>', 'a full request file (request line, headers, blank line, body), as in samples/')
    .option('--body <file|->', 'the raw body (- for stdin), with --url, --header and --content-type')
    .option('--url <path?query>', 'the URL the callback was sent to (its query counts for some providers)')
    .option('--header <name=value>', 'a request header (repeatable)', pairsOf('--header', 'name=value', 'Content-Type=text/plain'))
    .option('--content-type <type>', 'Content-Type of --body (e.g. "application/x-www-form-urlencoded; charset=utf-8")')
    .option('--json', 'the check as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  $ webhook-kit verify-signature --secret my_secret-1 --capture k7m2qx     # the capture's provider
  $ webhook-kit verify-signature --provider smsc --secret my_secret-1 --request samples/smsc/delivered.http
  $ printf 'id=123&phone=79991234567&status=1&md5=737004fbf5959c6e1c7d1a1427d8a4e3' | \\
      webhook-kit verify-signature --provider smsc --secret my_secret-1 --body - --content-type application/x-www-form-urlencoded

Exit codes: 0 valid, 1 invalid or absent, 2 usage error.`,
    )
    .action(async (flags: VerifyFlags) => {
      const { runVerify } = await import('../commands/verify.js');
      outcome.code = await runVerify(
        {
          provider: flags.provider,
          secret: flags.secret,
          capture: flags.capture,
          storePath: flags.capture ? await storeFrom(flags.store) : undefined,
          request: flags.request,
          body: flags.body,
          url: flags.url,
          headers: flags.header,
          contentType: flags.contentType,
          json: flags.json ?? false,
        },
        { ...stdio(), stdin: () => readFileSync(0) },
      );
    });
