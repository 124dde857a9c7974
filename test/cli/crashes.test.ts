import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { listSamples, loadSample } from '../../src/core/samples.js';
import { BIN, startListen } from '../helpers/cli.js';
import { newCapture } from '../helpers/records.js';
import { Terminal } from '../helpers/tmux.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { unclaimedPort } from '../helpers/ports.js';

// Issue #19, "Crashes and hangs": each step a new user took, with the built CLI, now one line
// and the documented exit code (README "Exit codes").

const tmp = tempDir('wk-crash-');
afterAll(() => tmp.cleanup());

describe('typo hints', () => {
  it('put the suggestion on the same line, not a literal \\n', async () => {
    const command = await runCli(['lisen']);
    expect([command.code, command.stderr]).toEqual([2, "webhook-kit: unknown command 'lisen'; did you mean listen? (see --help)\n"]);
    const option = await runCli(['listen', '--prot', '1']);
    expect([option.code, option.stderr]).toEqual([2, "webhook-kit: unknown option '--prot'; did you mean --port? (see --help)\n"]);
  });

  it('name the nearest provider (an id or a route alias) for a misspelt --provider, and none for a name like no other', async () => {
    const typo = await runCli(['send', '--provider', 'smcs', '--list']);
    expect([typo.code, typo.stderr]).toEqual([2, 'webhook-kit: unknown provider "smcs"; did you mean smsc? use one of: smsc, webcom, smsgateway24, zender, smsgate\n']);
    const alias = await runCli(['send', '--provider', 'sg42', '--list']);
    expect(alias.stderr).toContain('did you mean sg24?');
    const far = await runCli(['send', '--provider', 'nosuch', '--list']);
    expect([far.code, far.stderr]).toEqual([2, 'webhook-kit: unknown provider "nosuch"; use one of: smsc, webcom, smsgateway24, zender, smsgate\n']);
  });
});

describe('a file that is not a request in the samples format', () => {
  const SHAPE = "expected a request line like `POST /path HTTP/1.1`, header lines, a blank line, the body";
  it('verify-signature --request on a binary file: one line pointing at --body, exit 2', async () => {
    const file = join(tmp.dir, 'body.bin');
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a]));
    const r = await runCli(['verify-signature', '--provider', 'smsc', '--secret', 'x', '--request', file]);
    expect([r.code, r.stderr]).toEqual([2, `webhook-kit: ${file} is not a request in the samples format (its first line is not a request line; ${SHAPE}); pass --body ${file} to check a bare body\n`]);
    const stdin = await runCli(['verify-signature', '--provider', 'smsc', '--secret', 'x', '--request', '-'], { input: 'id=1&status=1&md5=x' });
    expect([stdin.code, stdin.stderr]).toEqual([2, `webhook-kit: stdin is not a request in the samples format (its first line is not a request line; ${SHAPE}); pass --body - to check a bare body\n`]);
  });

  it('send --file with a request line but a broken header: the same parser, the same one line', async () => {
    const file = join(tmp.dir, 'bad.http');
    writeFileSync(file, 'POST /smsc HTTP/1.1\nHost: a\nnot a header\n\nid=1');
    const r = await runCli(['send', '--provider', 'smsc', '--file', file, '--to', 'http://127.0.0.1:9/', '--no-retry']);
    expect([r.code, r.stderr]).toEqual([2, `webhook-kit: ${file} is not a request in the samples format (line 3 is not a header \`Name: value\`; ${SHAPE}); correct that line, or drop the request line and headers to send the file as a bare body\n`]);
  });
});

describe('a store folder that cannot be created', () => {
  it('fails at once, one line, exit 3: /proc (where recursive mkdir spun), under a file, under /sys', async () => {
    const file = join(tmp.dir, 'plain-file');
    writeFileSync(file, '');
    const cases: Array<[string, string, string]> = [
      ['/proc/nope/x.db', '/proc/nope', 'ENOENT'],
      ['/proc/nope/a/b/x.db', '/proc/nope', 'ENOENT'],
      [join(file, 'sub', 'x.db'), join(file, 'sub'), 'ENOTDIR'],
      ['/sys/nope/x.db', '/sys/nope', 'EPERM'],
    ];
    for (const [store, folder, code] of cases) {
      // The kill is a safety net so a regression fails here instead of spinning on; it asserts nothing.
      const r = await runCli(['listen', '--port', '0', '--store', store], { killAfterMs: 20_000 });
      expect([r.code, r.stderr]).toEqual([3, `webhook-kit: cannot create the folder ${folder} for the store ${store} (${code}); pass --store <file> in a writable folder or set WEBHOOK_KIT_HOME\n`]);
    }
  });
});

describe('clear in a terminal, interrupted at the [y/N] prompt', () => {
  const storeWithOne = (file: string): string => {
    const store = Store.open(file);
    store.insertBatch([{ capture: newCapture(1), events: [] }]);
    store.close();
    return file;
  };

  it.each([
    ['Ctrl-C', 'C-c', 130],
    ['Ctrl-D', 'C-d', 1],
    ['Enter (the default, no)', 'Enter', 1],
  ])('%s (tmux %s): "nothing deleted", exit %i, no stack, the store kept', async (_, key, code) => {
    const file = storeWithOne(join(tmp.dir, `clear-${key}.db`));
    const term = new Terminal(`clear-${key}`);
    try {
      term.run(`node ${BIN} clear --store ${file}; echo EXIT=$?`);
      await term.waitFor(`Delete every capture in ${file}? [y/N]`);
      term.keys(key);
      const screen = await term.waitFor(/EXIT=\d+/);
      expect(screen).toContain(`[y/N]\nnothing deleted\nEXIT=${code}\n`);
      expect(screen).not.toMatch(/AbortError|\n {4}at /);
    } finally {
      term.close();
    }
    const listed = await runCli(['list', '--store', file, '--json']);
    expect(listed.stdout.toString().trim().split('\n')).toHaveLength(1);
  });
});

describe('listen --forward-to this listener itself', () => {
  it('is refused at start, exit 2, whichever of its names the target uses', async () => {
    const port = await unclaimedPort();
    const store = join(tmp.dir, 'self.db');
    for (const target of [`http://127.0.0.1:${port}`, `http://localhost:${port}/app`, `http://0.0.0.0:${port}/`, `http://[::ffff:127.0.0.1]:${port}`]) {
      const r = await runCli(['listen', '--port', String(port), '--store', store, '--forward-to', target], { killAfterMs: 20_000 });
      expect([r.code, r.stderr]).toEqual([2, `webhook-kit: --forward-to ${target} is this listener itself (port ${port}), so every capture would be relayed back to it; point --forward-to at your app, on another port\n`]);
    }
  });

  it('through a relay in between, its own relay come back is stored once, answered 508 and not relayed again', async () => {
    // An app that sends everything it receives back to the listener (a proxy, a tunnel, a name
    // for this machine): the listener's port is known only once it is bound.
    let back = '';
    const app = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>;
        void request(`${back}${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) }).then(async (r) => {
          res.writeHead(r.statusCode, { 'content-type': 'text/plain' }).end(await r.body.text());
        });
      });
    }).listen(0, '127.0.0.1');
    await once(app, 'listening');
    const store = join(tmp.dir, 'loop.db');
    const listen = await startListen(['--store', store, '--forward-to', `http://127.0.0.1:${(app.address() as AddressInfo).port}`]);
    try {
      back = listen.url;
      const res = await request(`${listen.url}/smsc`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'id=1&phone=79991234567&status=1&err=0' });
      expect(res.statusCode).toBe(508);
      await res.body.dump();
      // The original is announced after its relay came back: by then the chain is over.
      const [looped, original] = await listen.captures(2);
      expect(original).toMatchObject({ path: '/smsc', answer: { status: 508 }, forward: { status: 508 } });
      expect(looped).toMatchObject({ path: '/smsc', answer: { status: 508 } });
      expect(looped!.forward).toBeUndefined();
      expect((looped!.headers as Array<[string, string]>).filter(([k]) => k.toLowerCase() === 'x-webhook-kit-capture')).toEqual([['x-webhook-kit-capture', original!.id]]);
      listen.child.kill('SIGTERM');
      expect(await listen.exit).toBe(0);
      expect(listen.lines.filter((l) => l.type === 'capture')).toHaveLength(2);
      const listed = await runCli(['list', '--store', store, '--json']);
      expect(listed.stdout.toString().trim().split('\n')).toHaveLength(2);
    } finally {
      listen.child.kill('SIGKILL');
      app.close();
    }
  });
});

describe('replay --edit interrupted while the editor is open', () => {
  /** A store holding Zender's incoming sample, whose body carries the shared secret in clear. */
  function zenderStore(file: string): { store: string; id: string } {
    const req = loadSample(listSamples('zender').find((x) => x.name === 'incoming')!);
    const store = Store.open(file);
    const [saved] = store.insertBatch([{ capture: { ...req, receivedAt: 1_700_000_000_000, remote: '127.0.0.1:1', size: req.body.length, truncated: false, answer: null }, events: [] }]);
    store.close();
    return { store: file, id: saved!.id };
  }

  /**
   * An $EDITOR that notes the file it was given, runs `then` (JavaScript), and waits to be stopped.
   * A Node program, not a shell script: dash catches SIGINT while it runs a script, and one
   * caught just as it execs its last line is lost, which left the editor sleeping (a CI hang).
   */
  function editor(name: string, then: string): { path: string; opened: string } {
    const opened = join(tmp.dir, `${name}.opened`);
    const js = join(tmp.dir, `${name}.mjs`);
    writeFileSync(js, `import { renameSync, writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(`${opened}.tmp`)}, process.argv[2] + '\\n');\nrenameSync(${JSON.stringify(`${opened}.tmp`)}, ${JSON.stringify(opened)});\n${then}\nsetInterval(() => {}, 1 << 30);\n`);
    const path = join(tmp.dir, `${name}.sh`);
    writeFileSync(path, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(js)} "$1"\n`);
    chmodSync(path, 0o755);
    return { path, opened };
  }

  const replay = (store: string, id: string, ed: string) =>
    // Its own process group, so the test can signal it the way a terminal's Ctrl-C does.
    spawn(process.execPath, [BIN, 'replay', id, '--edit', '--to', 'http://127.0.0.1:9/', '--store', store], { env: { ...process.env, NO_COLOR: '1', EDITOR: ed }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

  async function finished(child: ReturnType<typeof replay>): Promise<{ code: number | null; signal: string | null; stderr: string }> {
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
    return { code, signal, stderr };
  }

  const INTERRUPTED = 'webhook-kit: interrupted (SIGINT) while the editor was open; the edited copy is removed and nothing was replayed\n';

  it('SIGINT to the CLI alone (the editor signals its parent): exit 130, one line, the temp folder and its secret gone', async () => {
    const { store, id } = zenderStore(join(tmp.dir, 'edit-kill.db'));
    const ed = editor('kill-parent', "process.kill(process.ppid, 'SIGINT');");
    const r = await finished(replay(store, id, ed.path));
    expect(r).toEqual({ code: 130, signal: null, stderr: INTERRUPTED });
    const file = readFileSync(ed.opened, 'utf8').trim();
    expect(file).toMatch(/webhook-kit-edit-[^/]+\/fields\.json$/);
    expect(existsSync(dirname(file))).toBe(false);
  });

  it('the editor ended by SIGINT before the CLI sees its own (the race of a terminal Ctrl-C): the same interruption, exit 130', async () => {
    const { store, id } = zenderStore(join(tmp.dir, 'edit-self.db'));
    const ed = editor('kill-self', "process.kill(process.pid, 'SIGINT');");
    const r = await finished(replay(store, id, ed.path));
    expect(r).toEqual({ code: 130, signal: null, stderr: INTERRUPTED });
    expect(existsSync(dirname(readFileSync(ed.opened, 'utf8').trim()))).toBe(false);
  });

  it("Ctrl-C as a terminal sends it (to the CLI and the editor): the same, and nothing replayed", async () => {
    const { store, id } = zenderStore(join(tmp.dir, 'edit-ctrlc.db'));
    const ed = editor('ctrl-c', '');
    const child = replay(store, id, ed.path);
    const done = finished(child);
    await vi.waitFor(() => expect(existsSync(ed.opened)).toBe(true), { timeout: 20_000, interval: 20 });
    const file = readFileSync(ed.opened, 'utf8').trim();
    expect(readFileSync(file, 'utf8')).toContain('MY_SECRET');
    process.kill(-child.pid!, 'SIGINT');
    expect(await done).toEqual({ code: 130, signal: null, stderr: INTERRUPTED });
    expect(existsSync(dirname(file))).toBe(false);
    const s = Store.open(store);
    expect(s.count()).toBe(1);
    s.close();
  });
});
