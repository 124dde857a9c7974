import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

// The package as a user installs it: `npm pack`, unpacked into a fresh project's node_modules
// (its dependencies linked from this checkout, so no network and no native rebuild).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = tempDir('wk-pack-');
const project = join(tmp.dir, 'app');
let files: string[] = [];

beforeAll(() => {
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp.dir], { cwd: ROOT, encoding: 'utf8' });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = info!.files.map((f) => f.path);
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, 'webhook-kit'), { recursive: true });
  execFileSync('tar', ['-xzf', join(tmp.dir, info!.filename), '-C', join(modules, 'webhook-kit'), '--strip-components=1']);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  mkdirSync(join(modules, '@types'), { recursive: true });
  for (const dep of [...Object.keys(pkg.dependencies), 'vitest', '@types/node', 'typescript']) symlinkSync(join(ROOT, 'node_modules', dep), join(modules, dep));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', type: 'module', private: true }));
}, 60_000);
afterAll(() => tmp.cleanup());

describe('the packed package', () => {
  it('ships the CLI, the library with its types and the samples, and no tests or bench', () => {
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('bin/webhook-kit.js');
    expect(files.some((f) => f.startsWith('samples/smsc/'))).toBe(true);
    expect(files.filter((f) => /^(test|bench|src)\//.test(f) || /\.test\./.test(f))).toEqual([]);
  });

  it('runs as `npx webhook-kit` from the package: the bundled CLI finds its version, samples and providers', () => {
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    symlinkSync('../webhook-kit/bin/webhook-kit.js', join(project, 'node_modules', '.bin', 'webhook-kit'));
    const npx = (...args: string[]) => spawnSync('npx', ['--no-install', 'webhook-kit', ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const version = npx('--version');
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    const list = npx('send', '--list', '--provider', 'smsc');
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^smsc\s+delivered\s/m);
    expect(list.stdout).toMatch(/^smsc\s+lifecycle\s+scenario/m);
    const help = npx('listen', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--tunnel');
  }, 60_000);

  it('imports as a library without loading the CLI, Ink, React or SQLite, and decodes a callback', () => {
    writeFileSync(
      join(project, 'decode.mjs'),
      `import('webhook-kit').then(({ decodeRequest, providers }) => {
  const d = decodeRequest({ method: 'POST', url: '/smsc', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'id=1&phone=79991234567&status=1&err=0' });
  console.log(JSON.stringify({ provider: d.provider, outcome: d.events[0].status.outcome, ids: providers.map((p) => p.id) }));
});`,
    );
    const hook = join(project, 'hook.mjs');
    writeFileSync(hook, `export async function resolve(s, c, next) { const r = await next(s, c); const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(r.url); if (m && m[1] !== 'webhook-kit') process.stderr.write('LOADED ' + m[1] + '\\n'); return r; }`);
    writeFileSync(join(project, 'register.mjs'), `import { register } from 'node:module'; register(${JSON.stringify(`file://${hook}`)});`);
    const r = spawnSync(process.execPath, ['--import', './register.mjs', 'decode.mjs'], { cwd: project, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ provider: 'smsc', outcome: 'delivered', ids: expect.arrayContaining(['smsc', 'webcom', 'zender']) });
    expect(r.stderr.match(/LOADED \S+/g) ?? []).toEqual([]);
  });

  it('type-checks a strict TypeScript file that uses it', () => {
    writeFileSync(
      join(project, 'use.ts'),
      `import { decodeRequest, startCaptureServer, verifySignature, type SignatureCheck } from 'webhook-kit';
const d = decodeRequest({ url: '/zender', body: 'type=sms' });
const p: string | null = d.provider;
const check: SignatureCheck = verifySignature('smsc', { url: '/smsc', body: '' }, 'secret');
async function run(): Promise<string> { const s = await startCaptureServer({ port: 0 }); await s.close(); return s.url + p + check.state; }
void run;
// @ts-expect-error: a provider id is a string, not a number
verifySignature(1, { url: '/' }, 'x');
`,
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', 'use.ts'], { cwd: project, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  it('starts a capture server from a vitest test in that project, and the test sees the decoded callback', () => {
    writeFileSync(
      join(project, 'capture.test.mjs'),
      `import { expect, test } from 'vitest';
import { startCaptureServer } from 'webhook-kit';
test('my app posts a delivery status', async () => {
  const server = await startCaptureServer({ port: 0, secrets: { smsc: 's3cret' } });
  try {
    const res = await fetch(server.url + '/smsc', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'id=7&phone=79991234567&status=20&err=1' });
    expect(res.status).toBe(200);
    const [capture] = await server.waitFor(1, 5000);
    expect(capture.provider).toBe('smsc');
    expect(capture.events[0].status.outcome).toBe('failed');
    expect(capture.signature.state).toBe('absent');
  } finally {
    await server.close();
  }
});`,
    );
    const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const r = spawnSync(process.execPath, [vitest, 'run', '--root', project, '--reporter', 'default'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
    expect(r.stdout).toMatch(/1 passed/);
    expect(r.status).toBe(0);
  }, 60_000);
});
