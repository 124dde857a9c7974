import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { KitError } from '../../src/core/errors.js';
import { adbReverseRecipe, arrivalsFrom, ensureLocalCert, loadTlsFiles, phoneTrustSteps, probePublicUrl, UNTRUSTED_CA_ERROR } from '../../src/tunnel/index.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

let srv: TestServer | undefined;
let tmp: { dir: string; cleanup: () => void } | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
  tmp?.cleanup();
  tmp = undefined;
});

/** POST over HTTPS; resolves with the status, or the TLS error code. */
function post(url: string, body: string, ca?: string): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = httpsRequest(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, ...(ca ? { ca } : {}), agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end(body);
  });
}

describe('listen --tls with a local CA made by openssl', () => {
  it('serves HTTPS that a client trusting the CA accepts and one that does not refuses', async () => {
    tmp = tempDir('wk-tls-');
    const tls = await ensureLocalCert(['192.168.50.7'], { dir: join(tmp.dir, 'tls') });
    expect(tls.generated).toBe(true);
    expect(tls.hosts).toEqual(['127.0.0.1', 'localhost', '192.168.50.7']);
    const leaf = new X509Certificate(tls.cert);
    expect(leaf.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost, IP Address:192.168.50.7');
    const ca = readFileSync(tls.caFile!, 'utf8');
    expect(new X509Certificate(ca).ca).toBe(true);
    expect(leaf.verify(new X509Certificate(ca).publicKey)).toBe(true);
    expect(statSync(join(tmp.dir, 'tls', 'ca.key')).mode & 0o077).toBe(0);
    expect(statSync(join(tmp.dir, 'tls', 'leaf.key')).mode & 0o077).toBe(0);

    srv = await startServer({ tls: { cert: tls.cert, key: tls.key } });
    expect(srv.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const captured = srv.nextCapture();
    expect(await post(`${srv.url}/smsc`, 'id=1&phone=79991234567&status=1&err=0', ca)).toEqual({ status: 200 });
    expect((await captured).inspection.provider?.id).toBe('smsc');
    // The documented error of a client that does not trust the CA (phoneTrustSteps names it).
    expect(await post(`${srv.url}/smsc`, 'id=2&phone=79991234567&status=1&err=0')).toEqual({ error: UNTRUSTED_CA_ERROR });
    expect(phoneTrustSteps(tls.caFile!, [srv.url]).join('\n')).toContain(UNTRUSTED_CA_ERROR);
    expect(srv.store.count()).toBe(1);

    // The probe through an HTTPS URL passes with the CA and names the untrusted certificate without.
    expect(await probePublicUrl(srv.url, arrivalsFrom(srv.server), { ca })).toMatchObject({ reachable: true });
    const untrusted = await probePublicUrl(srv.url, arrivalsFrom(srv.server));
    expect(untrusted).toMatchObject({ reachable: false, kind: 'tls-untrusted' });
    expect(untrusted.detail).toBe(`the certificate of ${new URL(srv.url).host} is not trusted (${UNTRUSTED_CA_ERROR}); gateways will refuse it too: serve a publicly trusted certificate there`);
  });

  it('keeps the CA (the phone trusts it once) and makes a new leaf when the LAN address changes', async () => {
    tmp = tempDir('wk-tls-');
    const dir = join(tmp.dir, 'tls');
    const first = await ensureLocalCert(['192.168.50.7'], { dir });
    const caBefore = readFileSync(first.caFile!, 'utf8');
    const again = await ensureLocalCert(['192.168.50.7'], { dir });
    expect(again.generated).toBe(false);
    expect(again.cert).toBe(first.cert);
    const moved = await ensureLocalCert(['10.0.0.9'], { dir });
    expect(moved.generated).toBe(true);
    expect(readFileSync(moved.caFile!, 'utf8')).toBe(caBefore);
    expect(new X509Certificate(moved.cert).subjectAltName).toContain('IP Address:10.0.0.9');
  });

  it('says openssl is missing in one line with the alternative', async () => {
    tmp = tempDir('wk-tls-');
    const e = await ensureLocalCert([], { dir: tmp.dir, openssl: join(tmp.dir, 'no-openssl') }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KitError);
    expect((e as KitError).exitCode).toBe(3);
    expect((e as KitError).message).toMatch(/^openssl is not installed .*, or pass --tls-cert and --tls-key$/);
  });

  it('loads --tls-cert/--tls-key and refuses a key that belongs to another certificate', async () => {
    const t = tempDir('wk-tls-');
    tmp = t;
    const a = await ensureLocalCert([], { dir: join(t.dir, 'a') });
    const b = await ensureLocalCert([], { dir: join(t.dir, 'b') });
    writeFileSync(join(t.dir, 'a.crt'), a.cert);
    writeFileSync(join(t.dir, 'a.key'), a.key);
    writeFileSync(join(t.dir, 'b.key'), b.key);
    expect(loadTlsFiles(join(t.dir, 'a.crt'), join(t.dir, 'a.key'))).toMatchObject({ caFile: null, hosts: ['127.0.0.1', 'localhost'] });
    expect(() => loadTlsFiles(join(t.dir, 'a.crt'), join(t.dir, 'b.key'))).toThrow(/^--tls-key .*b\.key does not belong to --tls-cert .*a\.crt; give the key the certificate was made for$/);
    expect(() => loadTlsFiles(join(t.dir, 'a.key'), join(t.dir, 'a.key'))).toThrow(/is not a PEM certificate/);
    expect(() => loadTlsFiles(join(t.dir, 'none.crt'), join(t.dir, 'a.key'))).toThrow(/^cannot read --tls-cert .*none\.crt: ENOENT; give a PEM file$/);
  });

  it('prints the adb reverse recipe for the port', () => {
    expect(adbReverseRecipe(8686)).toEqual([
      'phone on USB (no shared network needed): adb reverse tcp:8686 tcp:8686',
      '  then in the gateway app use http://127.0.0.1:8686/<provider> (run adb reverse again after replugging; adb reverse --remove tcp:8686 undoes it)',
    ]);
  });
});

