import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { http, startReceiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/tmp.js';
import { unclaimedPort } from '../helpers/ports.js';

// The terminal UI as a new user meets it in the first hour (issue #19, "The terminal UI"): the
// built CLI in a real terminal (tmux), driven by keys, resized, and changed from another shell.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/webhook-kit.js');
// A private tmux server, so the test never touches the user's sessions.
const SOCKET = `wk-first-hour-${process.pid}`;
const slow = { timeout: 20_000, interval: 100 };

const tmux = (...args: string[]): string => {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

const tmp = tempDir('wk-first-hour-');
let sessions = 0;
let closers: Array<() => unknown> = [];

beforeAll(() => {
  expect(spawnSync('tmux', ['-V']).status, 'these tests need tmux (apt-get install tmux)').toBe(0);
  expect(existsSync(join(ROOT, 'dist/tui/run.js')), 'build first: npm run build').toBe(true);
  // Holds the server up: it exits with its last session, and a new one would race its exit.
  tmux('new-session', '-d', '-s', 'keep', 'sh');
});
afterEach(async () => {
  for (const c of closers.reverse()) await c();
  closers = [];
});
afterAll(() => {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  tmp.cleanup();
});

/** `listen --port 0` on a fresh store in a new tmux window of the given size, in the checkout. */
async function listen(columns: number, rows: number, extra = '', before?: (store: string) => void) {
  const name = `wk${++sessions}`;
  const store = join(tmp.dir, `${name}.db`);
  before?.(store);
  const exitFile = join(tmp.dir, `${name}.exit`);
  tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), '-c', ROOT, `env PS1='wk$ ' sh`);
  closers.push(() => spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', name]));
  // Ink draws only the last frame when it thinks it runs in CI; this is a real terminal.
  const cmd = `env -u CI -u CONTINUOUS_INTEGRATION node bin/webhook-kit.js listen --port 0 --store ${store}${extra}; echo EXIT=$? > ${exitFile}`;
  const pane = {
    /** What is on the screen now (the alternate screen while the TUI runs). */
    screen: (): string => tmux('capture-pane', '-p', '-t', name),
    /** The main screen with its scrollback: what the user can scroll back to after quitting. */
    everything: (): string => tmux('capture-pane', '-p', '-S', '-', '-t', name),
    keys: (...keys: string[]): void => void tmux('send-keys', '-t', name, ...keys),
    type: (text: string): void => void tmux('send-keys', '-t', name, '-l', text),
    resize: (w: number, h: number): void => void tmux('resize-window', '-t', name, '-x', String(w), '-y', String(h)),
    flag: (f: string): string => tmux('display-message', '-p', '-t', name, `#{${f}}`).trim(),
    /** The line just above the key bar: follow state, prompt, messages. */
    status: (): string => pane.screen().split('\n').find((l) => /^(follow (on|off)|replay \w+ to URL:)/.test(l)) ?? '',
    exitCode: async (): Promise<string> => {
      await vi.waitFor(() => expect(existsSync(exitFile) ? readFileSync(exitFile, 'utf8') : 'still running').toMatch(/^EXIT=\d+\n$/), slow);
      return readFileSync(exitFile, 'utf8').trim();
    },
  };
  // Typed once the shell has prompted: typed earlier, the echo comes first and the prompt after it.
  await vi.waitFor(() => expect(pane.screen()).toContain('wk$'), slow);
  pane.type(cmd);
  pane.keys('Enter');
  await vi.waitFor(() => expect(pane.screen()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/), slow);
  await vi.waitFor(() => expect(pane.flag('alternate_on')).toBe('1'), slow);
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(pane.screen())![1]!;
  return { pane, url, store };
}

/** Runs the built CLI from another "shell" (a child process) and returns its exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, 'close')) as [number];
  return { code, out };
}
const sendDelivered = (url: string, id = '123') => cli('send', '--provider', 'smsc', '--fixture', 'delivered', '--set', `id=${id}`, '--no-retry', '--to', `${url}/smsc`);

// Each test starts the CLI once or twice and the send command as a new process: on a loaded
// machine that is seconds, not the 30 s budget of the in-process tests.
describe('the terminal UI in the first hour (tmux)', { timeout: 90_000 }, () => {
  it('the empty screen suggests a send command that runs as shown from the checkout', async () => {
    const { pane, url } = await listen(100, 30);
    await vi.waitFor(() => expect(pane.screen()).toContain('No captures yet'), slow);
    const line = pane.screen().split('\n').find((l) => / send --provider smsc --to /.test(l));
    expect(line, pane.screen()).toBeDefined();
    const command = line!.trim();
    // `webhook-kit` alone is not on PATH after `npm ci`: the hint names what is.
    expect(command).toBe(`npx webhook-kit send --provider smsc --to ${url}/smsc`);
    const run = spawnSync('sh', ['-c', command], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_yes: 'false' } });
    expect(run.stderr + run.stdout).not.toContain('not found');
    expect(run.status).toBe(0);
    await vi.waitFor(() => expect(pane.screen()).toMatch(/> .*smsc .*delivered \*/), slow);
    pane.keys('q');
    expect(await pane.exitCode()).toBe('EXIT=0');
  });

  it('r offers the last URL selected: typing replaces it, a non-URL is refused at the prompt, errors name no CLI flag', async () => {
    const app = await startReceiver(() => http(200, 'OK'));
    closers.push(app.close);
    const { pane, url } = await listen(140, 30);
    expect((await sendDelivered(url)).code).toBe(0);
    await vi.waitFor(() => expect(pane.screen()).toMatch(/> .*smsc .*delivered \*/), slow);

    // First r: nothing to offer; a target that refuses the connection.
    const dead = `http://127.0.0.1:${await unclaimedPort()}/`;
    pane.keys('r');
    await vi.waitFor(() => expect(pane.status()).toMatch(/^replay \w+ to URL: _$/), slow);
    pane.type(dead);
    pane.keys('Enter');
    await vi.waitFor(() => expect(pane.status()).toMatch(/replay \w+ failed: connection refused .*nothing was replayed \(r to try another URL\)/), slow);
    // There is no --to in the TUI.
    expect(pane.screen()).not.toContain('--to');

    // Second r: the last URL is offered, selected; what is typed replaces it.
    pane.keys('r');
    await vi.waitFor(() => expect(pane.status()).toContain(`to URL: ${dead}_  (last URL: type to replace, → to edit)`), slow);
    pane.type('notaurl');
    await vi.waitFor(() => expect(pane.status()).toMatch(/to URL: notaurl_$/), slow);
    pane.keys('Enter');
    await vi.waitFor(() => expect(pane.status()).toContain('to URL: notaurl_  not an http(s) URL, e.g. http://localhost:3000/sms'), slow);

    // Still at the prompt: correct it and send.
    pane.keys('C-u');
    pane.type(`${app.url}/hook`);
    await vi.waitFor(() => expect(pane.status()).toMatch(new RegExp(`to URL: ${app.url}/hook_$`)), slow);
    pane.keys('Enter');
    await vi.waitFor(() => expect(pane.status()).toMatch(new RegExp(`replay \\w+ → ${app.url}/hook: 200, stored as \\w+`)), slow);
    // Only the corrected URL was sent, once; the refused text never went anywhere.
    expect(app.requests.map((r) => r.target)).toEqual(['/hook']);

    // A URL typed after → keeps the offer and edits it.
    pane.keys('r');
    await vi.waitFor(() => expect(pane.status()).toContain('(last URL: type to replace'), slow);
    pane.keys('Right');
    pane.type('2');
    await vi.waitFor(() => expect(pane.status()).toMatch(new RegExp(`to URL: ${app.url}/hook2_$`)), slow);
    pane.keys('Escape');
    // Not at once: Esc and a key in one read are Alt-<key>.
    await vi.waitFor(() => expect(pane.status()).toMatch(/^follow on/), slow);
    pane.keys('q');
    expect(await pane.exitCode()).toBe('EXIT=0');
  });

  it('started on a store at its --max-captures already: the warning is on the status line, not hidden behind the screen', async () => {
    const { pane, store } = await listen(160, 30, ' --max-captures 2', (file) => {
      const s = Store.open(file);
      for (let n = 0; n < 2; n++) s.insert({ method: 'POST', url: '/smsc', headers: [], body: Buffer.from(`id=${n}`), receivedAt: Date.now(), remote: 'test', size: 4, truncated: false, answer: null });
      s.close();
    });
    await vi.waitFor(() => expect(pane.status()).toContain(`warning: the store ${store} holds 2 captures, --max-captures 2: callbacks will be answered 500`), slow);
    pane.keys('q');
    expect(await pane.exitCode()).toBe('EXIT=0');
  });

  it('f twice then k: the status line says "follow off" once', async () => {
    const { pane, url } = await listen(100, 30);
    for (const id of ['1', '2']) expect((await sendDelivered(url, id)).code).toBe(0);
    await vi.waitFor(() => expect(pane.screen()).toContain('stored 2'), slow);
    pane.keys('f');
    await vi.waitFor(() => expect(pane.status()).toBe('follow off'), slow);
    pane.keys('f');
    await vi.waitFor(() => expect(pane.status()).toBe('follow on'), slow);
    pane.keys('k');
    await vi.waitFor(() => expect(pane.screen()).toMatch(/> .*status +1 /), slow);
    expect(pane.status()).toBe('follow off');
    pane.keys('q');
    expect(await pane.exitCode()).toBe('EXIT=0');
  });

  it('resized 120 → 50 → 160 columns, then q: nothing of the frame is left on the main screen', async () => {
    const { pane, url } = await listen(120, 30);
    expect((await sendDelivered(url)).code).toBe(0);
    await vi.waitFor(() => expect(pane.screen()).toMatch(/> .*smsc .*delivered \*/), slow);
    pane.resize(50, 30);
    // The 50-column layout: METH, PATH, PROVIDER, EVENT and PHONE have gone.
    await vi.waitFor(() => expect(pane.screen()).toMatch(/^ {2}TIME +MSG ID +OUTCOME +F MEANING/m), slow);
    pane.resize(160, 30);
    // The wide layout: milliseconds in TIME, every column back.
    await vi.waitFor(() => expect(pane.screen()).toMatch(/^> \d\d:\d\d:\d\d\.\d{3} POST \/smsc /m), slow);
    pane.keys('q');
    expect(await pane.exitCode()).toBe('EXIT=0');
    await vi.waitFor(() => expect(pane.flag('alternate_on')).toBe('0'), slow);
    await vi.waitFor(() => expect(pane.screen().trimEnd().split('\n').at(-1)).toBe('wk$'), slow);
    const main = pane.everything();
    for (const piece of ['listening on', 'stored 1', 'MEANING', 'q quit', 'follow on']) expect(main, main).not.toContain(piece);
  });

  // q quits with 0: every other test here ends that way.
  it('Ctrl-C quits with 130 (interrupted), as the README says, and restores the terminal', async () => {
    const { pane } = await listen(100, 30);
    await vi.waitFor(() => expect(pane.screen()).toContain('No captures yet'), slow);
    // A key the UI answers first: the terminal is in raw mode then, so Ctrl-C reaches the UI as
    // a key (before that, it is a SIGINT to the whole job, and sh drops the `; echo EXIT=$?`).
    pane.keys('f');
    await vi.waitFor(() => expect(pane.status()).toBe('follow off'), slow);
    pane.keys('C-c');
    expect(await pane.exitCode()).toBe('EXIT=130');
    await vi.waitFor(() => expect(pane.flag('alternate_on')).toBe('0'), slow);
    await vi.waitFor(() => expect(pane.flag('cursor_flag')).toBe('1'), slow);
  });

  it('Ctrl-C at the replay prompt quits with 130 too', async () => {
    const { pane, url } = await listen(100, 30);
    expect((await sendDelivered(url)).code).toBe(0);
    await vi.waitFor(() => expect(pane.screen()).toMatch(/> .*smsc/), slow);
    pane.keys('r');
    await vi.waitFor(() => expect(pane.status()).toMatch(/^replay \w+ to URL:/), slow);
    pane.keys('C-c');
    expect(await pane.exitCode()).toBe('EXIT=130');
  });

  it('at 80×24 the MEANING column stays, with SIG and FLAGS whole', async () => {
    const { pane, url } = await listen(80, 24);
    expect((await sendDelivered(url)).code).toBe(0);
    await vi.waitFor(() => expect(pane.screen()).toMatch(/> .*smsc .*delivered \*/), slow);
    const lines = pane.screen().split('\n');
    expect(lines.find((l) => l.includes('TIME'))).toMatch(/^ {2}TIME +PROV +MSG ID +PHONE +OUTCOME +F MEANING +SIG +FLAGS *$/);
    expect(lines.find((l) => l.startsWith('> '))).toMatch(/ delivered \* Delivered: del\S*… +- *$/);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    pane.keys('q');
    expect(await pane.exitCode()).toBe('EXIT=0');
  });

  it('clear from another shell: the list and counts follow, and new captures show and open', async () => {
    const { pane, url, store } = await listen(120, 30);
    for (const id of ['1', '2']) expect((await sendDelivered(url, id)).code).toBe(0);
    await vi.waitFor(() => expect(pane.screen()).toContain('stored 2 · this session 2'), slow);
    const cleared = await cli('clear', '--yes', '--store', store);
    expect(cleared.code).toBe(0);
    await vi.waitFor(() => expect(pane.screen()).toContain('stored 0 · this session 2'), slow);
    expect(pane.screen()).toContain('No captures yet');
    expect(pane.status()).toContain('another process emptied the store (webhook-kit clear?)');
    // A capture after the clear is listed alone, selected, and Enter opens it.
    expect((await sendDelivered(url, '3')).code).toBe(0);
    await vi.waitFor(() => expect(pane.screen()).toContain('stored 1 · this session 3'), slow);
    const rows = pane.screen().split('\n').filter((l) => / smsc +status /.test(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^> .* 3 +79991234567 +delivered \*/);
    pane.keys('Enter');
    await vi.waitFor(() => expect(pane.screen()).toContain('[decoded]'), slow);
    expect(pane.screen()).toContain('status #3 79991234567 delivered');
    expect(pane.screen()).not.toContain('no capture selected');
    pane.keys('q');
    expect(await pane.exitCode()).toBe('EXIT=0');
  });
});
