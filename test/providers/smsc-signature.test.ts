import { describe, it, expect } from 'vitest';
import { parseBody } from '../../src/core/body.js';
import type { RawRequest } from '../../src/core/raw-request.js';
import { smsc } from '../../src/providers/smsc/index.js';

const SECRET = 'my_secret-1';
const MES_CP1251 = '%CF%F0%E8%E2%E5%F2+%EC%E8%F0'; // "Привет мир" in windows-1251
const MES_UTF8 = '%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82+%D0%BC%D0%B8%D1%80';
const MES_KOI8R = '%F0%D2%C9%D7%C5%D4+%CD%C9%D2';

// Vectors computed outside this code base:
const V = {
  // printf '%s' '123:79991234567:1:my_secret-1' | md5sum
  statusMd5: '737004fbf5959c6e1c7d1a1427d8a4e3',
  // printf '%s' '123:79991234567:1:my_secret-1' | sha1sum
  statusSha1: 'ffdf838865a1b016d1980fd74c0600be76aca94d',
  // python3 -c "import zlib;print(zlib.crc32(b'123:79991234567:1:my_secret-1'))"   (hex: dd2381fe)
  statusCrc32: '3710091774',
  // printf '%s' '124:79991234567:20:my_secret-1' | sha1sum
  failedSha1: 'a802f5e3d8c8683b51972daf734944a04d204335',
  // python3 -c "import zlib;print(zlib.crc32(b'124:79991234567:20:my_secret-1'))"
  failedCrc32: '1166559947',
  // printf '%s' '79991234567:Привет мир:79990000000:my_secret-1' | iconv -f utf-8 -t cp1251 | md5sum
  incomingCp1251: 'e2a72ad9ca1584116cb8daf2a272aeb0',
  // printf '%s' '79991234567:Привет мир:79990000000:my_secret-1' | md5sum
  incomingUtf8: 'c548ba371f8285cc68e3ea8d04179569',
  // printf '%s' '79991234567:Привет мир:79990000000:my_secret-1' | iconv -f utf-8 -t koi8-r | sha1sum
  incomingKoi8Sha1: '25e5bb9872f345a6f512327f982b5a8afc1845ee',
  // printf '%s' '79991234567:%CF%F0%E8%E2%E5%F2+%EC%E8%F0:79990000000:my_secret-1' | md5sum
  incomingUrlEncoded: '1355c648fed51c2ac6aa4904227733b5',
  // printf '%s' '79991234567:%cf%f0%e8%e2%e5%f2+%ec%e8%f0:79990000000:my_secret-1' | md5sum
  incomingUrlEncodedLower: '3cc9146638287a57572865fca1e13fbb',
  // printf '%s' '79991234567:1700000000:my_secret-1' | md5sum
  waitcallMd5: 'a58416fe325946cd4d1d6f18f14d0694',
};

function verify(body: string, secret = SECRET, url = '/smsc') {
  const req: RawRequest = { method: 'POST', url, headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: Buffer.from(body, 'latin1') };
  const check = smsc.verify(req, parseBody(req), secret);
  expect(JSON.stringify(check)).not.toContain(secret.trim() || '\u0000'); // never the secret itself
  return check;
}
const status = (sig: string) => `id=123&phone=79991234567&status=1&err=0&time=1700000000&${sig}`;
const incoming = (mes: string, sig: string, extra = '') => `id=555&phone=79991234567&mes=${mes}&to=79990000000${extra}&${sig}`;

describe('smsc verify: valid signatures', () => {
  it('accepts md5, sha1 and crc32 (decimal or 8-hex), any letter case', () => {
    for (const sig of [`md5=${V.statusMd5}`, `md5=${V.statusMd5.toUpperCase()}`, `sha1=${V.statusSha1}`, `crc32=${V.statusCrc32}`, 'crc32=dd2381fe', 'crc32=DD2381FE']) {
      expect(verify(status(sig))).toMatchObject({ state: 'valid', assumed: false, diagnoses: [] });
    }
  });

  it('reports the masked control string and the computed hash', () => {
    const check = verify(status(`crc32=dd2381fe`));
    expect(check).toMatchObject({ algorithm: 'crc32', computed: V.statusCrc32, received: 'dd2381fe' });
    expect(check.canonical).toMatch(/^123:79991234567:1:<secret sha256:[0-9a-f]{8}>$/);
  });

  it('hashes Cyrillic in the request charset (windows-1251, koi8-r, utf-8)', () => {
    expect(verify(incoming(MES_CP1251, `md5=${V.incomingCp1251}`))).toMatchObject({ state: 'valid', assumed: true });
    expect(verify(incoming(MES_UTF8, `md5=${V.incomingUtf8}`, '&charset=utf-8')).state).toBe('valid');
    expect(verify(incoming(MES_KOI8R, `sha1=${V.incomingKoi8Sha1}`, '&charset=koi8-r')).state).toBe('valid');
  });

  it('falls back to UTF-8 bytes and says so', () => {
    const check = verify(incoming(MES_CP1251, `md5=${V.incomingUtf8}`));
    expect(check.state).toBe('valid');
    expect(check.detail).toContain("hashed as utf-8, not the request's windows-1251");
  });

  it('flags incoming and waitcall schemes as assumed', () => {
    const check = verify(`phone=79991234567&waitcall=74950000000&ts=1700000000&md5=${V.waitcallMd5}`);
    expect(check).toMatchObject({ state: 'valid', assumed: true });
    expect(check.detail).toContain('unconfirmed');
  });

  it('is absent without a signature field', () => {
    expect(verify('id=1&phone=2&status=1')).toMatchObject({ state: 'absent', algorithm: null, diagnoses: [] });
  });
});

describe('smsc verify: one mismatch per diagnosis', () => {
  it('wrong charset: the hash is over windows-1251 bytes but the body says utf-8', () => {
    const check = verify(incoming(MES_UTF8, `md5=${V.incomingCp1251}`, '&charset=utf-8'));
    expect(check.state).toBe('invalid');
    expect(check.diagnoses[0]).toMatch(/^body re-encoded \/ wrong charset: the hash matches the windows-1251 bytes/);
  });

  it('wrong algorithm: a field named md5 holds a sha1 or a crc32', () => {
    expect(verify(status(`md5=${V.statusSha1}`)).diagnoses[0]).toMatch(/^field named md5 holds a sha1/);
    expect(verify(status(`sha1=${V.statusCrc32}`)).diagnoses[0]).toMatch(/^field named sha1 holds a crc32/);
    const failed = 'id=124&phone=79991234567&status=20&err=13';
    expect(verify(`${failed}&crc32=${V.failedSha1}`).diagnoses[0]).toMatch(/^field named crc32 holds a sha1/);
    expect(verify(`${failed}&sha1=${V.failedCrc32}`).diagnoses[0]).toMatch(/^field named sha1 holds a crc32/);
  });

  it('control-string field missing', () => {
    const check = verify(`id=123&phone=79991234567&err=0&md5=${V.statusMd5}`);
    expect(check.diagnoses).toEqual([
      'control-string field status missing or empty in the body (hashed as empty)',
      'wrong secret (the hash does not match any known variant)',
    ]);
  });

  it('URL-encoded values hashed instead of decoded ones (upper and lower case escapes)', () => {
    expect(verify(incoming(MES_CP1251, `md5=${V.incomingUrlEncoded}`)).diagnoses[0]).toContain('URL-encoded values (as on the wire)');
    expect(verify(incoming(MES_CP1251, `md5=${V.incomingUrlEncodedLower}`)).diagnoses[0]).toContain('lowercase %xx');
  });

  it('secret letter case differs', () => {
    expect(verify(status(`md5=${V.statusMd5}`), 'MY_SECRET-1').diagnoses[0]).toMatch(/secret in lower case/);
  });

  it('secret with characters SMSC.ru does not allow', () => {
    const stripped = verify(status(`md5=${V.statusMd5}`), 'my_secret-1 ');
    expect(stripped.diagnoses).toEqual([
      'the hash matches the secret without its characters outside [A-Za-z0-9_-]',
      'the secret has characters SMSC.ru does not allow (only A-Z, a-z, 0-9, _ and -)',
    ]);
    expect(verify(status(`md5=${V.statusMd5}`), 'p@ss').diagnoses).toEqual([
      'the secret has characters SMSC.ru does not allow (only A-Z, a-z, 0-9, _ and -)',
      'wrong secret (the hash does not match any known variant)',
    ]);
  });

  it('the secret itself in the field, never echoed back', () => {
    const check = verify(status(`md5=${SECRET}`));
    expect(check.received).toMatch(/^<secret sha256:/);
    expect(check.diagnoses[0]).toContain('holds the secret itself');
  });

  it('wrong secret when no variant matches', () => {
    const check = verify(status(`md5=${V.statusMd5}`), 'other_secret');
    expect(check).toMatchObject({ state: 'invalid', assumed: false, diagnoses: ['wrong secret (the hash does not match any known variant)'] });
    expect(check.computed).not.toBe(V.statusMd5);
  });
});
