import { execFile } from 'node:child_process';
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { KitError } from '../core/errors.js';

/** PEM material for CaptureServerOptions.tls, and where it came from. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** The local CA to trust on the phone; null for the user's own --tls-cert. */
  caFile: string | null;
  /** Names and addresses the certificate covers. */
  hosts: string[];
  /** True when this call made a new CA or leaf. */
  generated: boolean;
}

/** Reads `--tls-cert` / `--tls-key` and checks that they belong together. */
export function loadTlsFiles(certFile: string, keyFile: string): TlsMaterial {
  const read = (flag: string, file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      throw new KitError('E_FILE', `cannot read ${flag} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; give a PEM file`, { cause: e });
    }
  };
  const cert = read('--tls-cert', certFile);
  const key = read('--tls-key', keyFile);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (e) {
    throw new KitError('E_FILE', `--tls-cert ${certFile} is not a PEM certificate; give the certificate (-----BEGIN CERTIFICATE-----), not the key`, { cause: e });
  }
  let matches: boolean;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key));
  } catch (e) {
    throw new KitError('E_FILE', `--tls-key ${keyFile} is not an unencrypted PEM private key; give the key without a passphrase`, { cause: e });
  }
  if (!matches) throw new KitError('E_FILE', `--tls-key ${keyFile} does not belong to --tls-cert ${certFile}; give the key the certificate was made for`);
  const hosts = (x509.subjectAltName ?? '').split(/,\s*/).map((s) => s.replace(/^(?:DNS|IP Address):/, '')).filter(Boolean);
  return { cert, key, caFile: null, hosts, generated: false };
}

function run(openssl: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(openssl, args, { cwd, timeout: 30_000 }, (err, _out, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new KitError('E_TLS', `openssl is not installed (needed to make a local certificate): install it (Debian/Ubuntu: apt install openssl; macOS ships it), or pass --tls-cert and --tls-key`, { cause: err }));
      }
      const last = String(stderr).trim().split('\n').pop() ?? err.message;
      reject(new KitError('E_TLS', `openssl ${args[0]} failed (${last}); pass your own --tls-cert and --tls-key instead`, { cause: err }));
    });
  });
}

const san = (hosts: readonly string[]): string => hosts.map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(', ');

/**
 * A local CA (made once, kept in `dir`) and a leaf for `hosts` (127.0.0.1, localhost and the LAN
 * addresses), both made with the `openssl` CLI. The leaf is made again when the hosts change (a
 * new Wi-Fi address) or it expires within 30 days; the CA stays, so the phone trusts it once.
 */
export async function ensureLocalCert(hostsWanted: readonly string[], opts: { dir: string; openssl?: string }): Promise<TlsMaterial> {
  const dir = opts.dir;
  const openssl = opts.openssl ?? 'openssl';
  const hosts = [...new Set(['127.0.0.1', 'localhost', ...hostsWanted])];
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (name: string): string => join(dir, name);
  let generated = false;

  if (!existsSync(f('ca.crt')) || !existsSync(f('ca.key'))) {
    writeFileSync(
      f('ca.cnf'),
      ['[req]', 'distinguished_name = dn', 'x509_extensions = v3_ca', 'prompt = no', '[dn]', 'CN = webhook-kit local CA', 'O = webhook-kit (this computer only)', '[v3_ca]', 'basicConstraints = critical, CA:TRUE, pathlen:0', 'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash', ''].join('\n'),
    );
    // Our own config file, not the system's: its defaults differ between OpenSSL 1.1 and 3.
    await run(openssl, ['req', '-x509', '-config', 'ca.cnf', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256', '-days', '3650', '-keyout', 'ca.key', '-out', 'ca.crt'], dir);
    chmodSync(f('ca.key'), 0o600);
    rmSync(f('leaf.crt'), { force: true });
    generated = true;
  }

  if (!leafCovers(f('leaf.crt'), f('ca.crt'), hosts) || !existsSync(f('leaf.key'))) {
    writeFileSync(f('leaf.cnf'), ['[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', 'CN = webhook-kit listen', ''].join('\n'));
    writeFileSync(
      f('leaf.ext'),
      // 397 days: the longest validity Apple and browsers accept for a server certificate.
      ['[v3_leaf]', 'basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', 'extendedKeyUsage = serverAuth', `subjectAltName = ${san(hosts)}`, 'authorityKeyIdentifier = keyid', ''].join('\n'),
    );
    await run(openssl, ['req', '-new', '-config', 'leaf.cnf', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr'], dir);
    await run(openssl, ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', `0x${randomBytes(12).toString('hex')}`, '-sha256', '-days', '397', '-extfile', 'leaf.ext', '-extensions', 'v3_leaf', '-out', 'leaf.crt'], dir);
    chmodSync(f('leaf.key'), 0o600);
    rmSync(f('leaf.csr'), { force: true });
    generated = true;
  }
  return { cert: readFileSync(f('leaf.crt'), 'utf8'), key: readFileSync(f('leaf.key'), 'utf8'), caFile: f('ca.crt'), hosts, generated };
}

/** The leaf exists, was signed by this CA, names every host, and has 30 days left. */
function leafCovers(leafFile: string, caFile: string, hosts: readonly string[]): boolean {
  if (!existsSync(leafFile)) return false;
  try {
    const leaf = new X509Certificate(readFileSync(leafFile));
    const ca = new X509Certificate(readFileSync(caFile));
    if (!leaf.verify(ca.publicKey) || Date.parse(leaf.validTo) - Date.now() < 30 * 86_400_000) return false;
    const names = new Set((leaf.subjectAltName ?? '').split(/,\s*/).map((s) => s.replace(/^(?:DNS|IP Address):/, '')));
    return hosts.every((h) => names.has(h));
  } catch {
    return false;
  }
}

/**
 * What a client that does not trust the CA reports (Node: `UNABLE_TO_VERIFY_LEAF_SIGNATURE`,
 * "unable to verify the first certificate"; Android: "Trust anchor for certification path not found").
 */
export const UNTRUSTED_CA_ERROR = 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';

/** Steps to trust the local CA on a phone, one line each (shown by listen --tls). */
export function phoneTrustSteps(caFile: string, httpsUrls: readonly string[]): string[] {
  return [
    `to let a phone call ${httpsUrls[0] ?? 'https://<this computer>:<port>'}, trust this computer's local CA once:`,
    `  1. copy ${caFile} to the phone (adb push "${caFile}" /sdcard/Download/webhook-kit-ca.crt, or send it to yourself)`,
    '  2. Android: Settings > Security > More security settings > Encryption & credentials > Install a certificate > CA certificate, pick the file',
    '     iPhone: open the file, install the profile (Settings > General > VPN & Device Management), then turn on full trust in Settings > General > About > Certificate Trust Settings',
    `  3. a phone or app that does not trust it fails with "Trust anchor for certification path not found" (Node: ${UNTRUSTED_CA_ERROR}); Android 7+ apps trust user CAs only if they opt in, so if the gateway app still refuses, use adb reverse (below) or --tunnel`,
    '  the CA key stays on this computer (never copy ca.key); delete the folder to revoke it',
  ];
}

/** The USB recipe: the phone's own 127.0.0.1:port reaches listen, and plain http:// to 127.0.0.1 is allowed. */
export function adbReverseRecipe(port: number, scheme: 'http' | 'https' = 'http'): string[] {
  return [
    `phone on USB (no shared network needed): adb reverse tcp:${port} tcp:${port}`,
    `  then in the gateway app use ${scheme}://127.0.0.1:${port}/<provider> (run adb reverse again after replugging; adb reverse --remove tcp:${port} undoes it)`,
  ];
}
