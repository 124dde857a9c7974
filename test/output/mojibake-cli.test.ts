import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startListen, startPlainListen } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// Issue #18, "Characters the charset cannot carry": a double-encoded SMSC.ru text, as listen and
// show tell it, with the built CLI and the sample's exact bytes on the wire.
const SAMPLE = readFileSync(fileURLToPath(new URL('../../samples/smsc/incoming-double-encoded.http', import.meta.url)));
const PROBLEM = 'field "mes" as UTF-8 reads "Привет мир": it was read as windows-1251 (mojibake: double-encoded, or another charset than declared)';
const tmp = tempDir('wk-mojibake-');
afterAll(() => tmp.cleanup());

/** The sample as raw bytes on one connection (its \n line ends as HTTP's \r\n), the answer read to the end. */
async function sendRaw(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const head = SAMPLE.subarray(0, SAMPLE.indexOf('\n\n')).toString().split('\n');
  const body = SAMPLE.subarray(SAMPLE.indexOf('\n\n') + 2);
  const sock = connect(Number(port), hostname);
  await once(sock, 'connect');
  sock.end(Buffer.concat([Buffer.from(`${[...head.filter((l) => !/^connection:/i.test(l)), 'Connection: close'].join('\r\n')}\r\n\r\n`), body]));
  let answer = '';
  sock.on('data', (d: Buffer) => (answer += d.toString()));
  await once(sock, 'close');
  return answer;
}

describe('a double-encoded text', () => {
  const store = join(tmp.dir, 'c.db');
  let id = '';

  it('listen --json gives the problem with the readable text, the text itself as sent', async () => {
    const child = await startListen(['--store', store, '--count', '1', '--secret', 'smsc=my_secret-1', '--no-inspector']);
    expect(await sendRaw(child.url)).toMatch(/^HTTP\/1\.1 200 /);
    const [capture] = await child.captures(1);
    expect(await child.exit).toBe(0);
    expect(capture).toMatchObject({ provider: 'smsc', signature: { state: 'valid' }, problems: [PROBLEM], events: [{ kind: 'incoming', text: 'РџСЂРёРІРµС‚ РјРёСЂ' }] });
    id = capture!.id as string;
  });

  it('show prints it under the decoded event, and show --json carries it in problems', async () => {
    const shown = await runCli(['show', id, '--store', store]);
    expect(shown.code).toBe(0);
    const lines = shown.stdout.toString().split('\n');
    const decoded = lines.findIndex((l) => l.startsWith('Decoded (SMSC.ru)'));
    expect(lines.slice(decoded)).toContain(`  ! ${PROBLEM}`);
    const json = await runCli(['show', id, '--store', store, '--json']);
    expect(JSON.parse(json.stdout.toString())).toMatchObject({ id, problems: [PROBLEM] });
  });

  it('listen in plain lines marks the capture with it', async () => {
    const child = await startPlainListen(['--port', '0', '--store', join(tmp.dir, 'plain.db'), '--count', '1', '--no-inspector']);
    await sendRaw(child.url);
    expect(await child.exit).toBe(0);
    expect(child.stdout()).toContain('! field "mes" as UTF-8 reads "Привет мир": it was read as windows-1251');
  });
});
