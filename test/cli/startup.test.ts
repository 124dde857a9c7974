import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// bin/ runs the esbuild bundle (dist/cli-bundle/, scripts/bundle-cli.mjs); the same sources also
// compile file by file with tsc (dist/cli/). The bundle must say exactly what they say.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = tempDir('wk-startup-');
afterAll(() => tmp.cleanup());

const env = { ...process.env, NO_COLOR: '1' };
const bundled = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env });
/** The tsc output, file by file, with commander's own --version (no fast path). */
const unbundled = (args: string[], entry: 'main' | 'program' = 'main') =>
  spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `const m = await import(${JSON.stringify(join(ROOT, `dist/cli/${entry}.js`))}); process.exitCode = await m.${entry === 'main' ? 'main' : 'runProgram'}(['node', 'webhook-kit', ...process.argv.slice(1)]);`, '--', ...args],
    { encoding: 'utf8', env },
  );

// `__complete --help` is the completion protocol at work (it completes `--help`): only `help __complete` shows its help.
const COMMANDS = ['listen', 'list', 'show', 'export', 'clear', 'send', 'verify-signature', 'replay', 'completion', '__complete'];

describe('the bundled CLI', () => {
  it.each([[['--help']], [['-h']], [[]], [['help']], ...COMMANDS.flatMap((c) => [[[c, '--help']], [['help', c]]]).slice(0, -2), [['help', '__complete']]])('prints what the unbundled program prints: %j', (args) => {
    const a = bundled(args);
    const b = unbundled(args);
    expect(a.stdout + a.stderr).toContain('Usage: webhook-kit');
    expect({ out: a.stdout, err: a.stderr, code: a.status }).toEqual({ out: b.stdout, err: b.stderr, code: b.status });
  });

  it('answers --version and -V with the line commander prints', () => {
    for (const flag of ['--version', '-V']) {
      const commander = unbundled([flag], 'program');
      expect(commander.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
      expect(bundled([flag])).toMatchObject({ stdout: commander.stdout, stderr: '', status: 0 });
    }
  });

  it('loads no package file for --help and no command declarations for --version', () => {
    const hook = join(tmp.dir, 'hook.mjs');
    writeFileSync(hook, `export async function load(url, c, next) { if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n'); return next(url, c); }`);
    const register = join(tmp.dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(`file://${hook}`)});`);
    const loaded = (args: string[]): string[] => {
      const r = spawnSync(process.execPath, ['--import', register, BIN, ...args], { encoding: 'utf8', env });
      expect(r.status).toBe(0);
      return (r.stderr.match(/LOADED \S+/g) ?? []).map((l) => l.slice(7).replace(`file://${ROOT}`, '')).filter((f) => f !== 'bin/webhook-kit.js');
    };
    const help = loaded(['--help']);
    expect(help.filter((f) => !f.startsWith('dist/cli-bundle/') && !f.includes(tmp.dir))).toEqual([]);
    const version = loaded(['--version']).filter((f) => !f.includes(tmp.dir));
    // main and the version: commander and the commands stay unloaded.
    expect(version.every((f) => f.startsWith('dist/cli-bundle/'))).toBe(true);
    expect(version.length).toBeLessThan(help.length / 2);
  });

  it('loads neither node:crypto nor node:child_process for --help (both wait for first use)', () => {
    const preload = join(tmp.dir, 'builtins.cjs');
    writeFileSync(preload, "process.on('exit', () => process._rawDebug('BUILTINS ' + process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join(' ')));");
    const r = spawnSync(process.execPath, ['--require', preload, BIN, '--help'], { encoding: 'utf8', env });
    expect(r.status).toBe(0);
    const builtins = /BUILTINS (.*)/.exec(r.stderr)![1]!.split(' ');
    expect(builtins).toContain('fs');
    expect(builtins.filter((m) => m === 'crypto' || m === 'child_process')).toEqual([]);
  });
});

