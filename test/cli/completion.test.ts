import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { EVENT_KINDS, OUTCOMES } from '../../src/core/types.js';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { Terminal } from '../helpers/tmux.js';

// The scripts are run by the real shells: bash completes a word through `complete -F`,
// zsh and fish check the syntax of theirs.
const tmp = tempDir('wk-complete-');
const store = join(tmp.dir, 'c.db');
let captureId = '';
const emptyDir = join(tmp.dir, 'empty');
const env = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${join(tmp.dir, 'bin')}:${process.env.PATH}`, WEBHOOK_KIT_HOME: tmp.dir });

beforeAll(() => {
  mkdirSync(join(tmp.dir, 'bin'));
  mkdirSync(emptyDir);
  const wrapper = join(tmp.dir, 'bin', 'webhook-kit');
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  const s = Store.open(store);
  captureId = s.insert({ method: 'POST', url: '/smsc', headers: [], body: Buffer.from('id=1'), receivedAt: Date.now(), remote: 'test', size: 4, truncated: false, answer: null }).id;
  s.close();
});
afterAll(() => tmp.cleanup());

/** What bash offers for the words typed so far (the last one is under the cursor). */
function bashComplete(words: string[]): string[] {
  const script = `eval "$(webhook-kit completion bash)"
complete -p webhook-kit
COMP_WORDS=(webhook-kit ${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length}
_webhook_kit_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['--norc', '-c', script], { env: env(), encoding: 'utf8' });
  const [registration, ...rest] = out.trim().split('\n');
  expect(registration).toContain('-F _webhook_kit_complete webhook-kit');
  return rest.filter(Boolean);
}

const q = (w: string): string => `'${w.replace(/'/g, `'\\''`)}'`;

/** What each case completes to in bash, one bash for all cases (the last word is under the cursor). */
function bashCompleteAll(cases: string[][]): string[][] {
  const steps = cases.map((words) => `COMP_WORDS=(webhook-kit ${words.map(q).join(' ')}); COMP_CWORD=${words.length}; COMPREPLY=(); _webhook_kit_complete; printf '%s\\n' "\${COMPREPLY[@]}" '<end>'`);
  const out = execFileSync('bash', ['--norc', '-c', `eval "$(webhook-kit completion bash)"\n${steps.join('\n')}`], { env: env(), encoding: 'utf8' });
  return splitCases(out);
}

/** compsys builtins, which need a terminal, standing in to print what they are given. */
const ZSH_STUBS = `compdef() { :; }; compadd() { [[ $1 == -a ]] && print -rl -- "\${(@P)2}"; }; _files() { print -r -- '<files>'; }`;

/**
 * The same in zsh: the script's function run with zsh's \`words\` and \`CURRENT\`, compadd and
 * _files (compsys builtins, which need a terminal) standing in to print what they are given.
 */
function zshCompleteAll(cases: string[][]): string[][] {
  const stubs = `${ZSH_STUBS}; compset() { print -r -- "<compset $*>"; }`;
  const steps = cases.map((words) => `words=(webhook-kit ${words.map(q).join(' ')}); CURRENT=${words.length + 1}; _webhook_kit; print -r -- '<end>'`);
  const out = execFileSync('zsh', ['-f', '-c', `${stubs}\neval "$(webhook-kit completion zsh)"\n${steps.join('\n')}`], { env: env(), encoding: 'utf8' });
  return splitCases(out);
}

/**
 * zsh with the script installed as the README says (a file `_webhook-kit` in $fpath, autoloaded):
 * the first Tab of a new shell runs the file itself, which must complete too.
 */
function zshFirstTab(words: string[], dir: string): string[] {
  const out = execFileSync('zsh', ['-f', '-c', `${ZSH_STUBS}\nfpath=(${q(dir)} $fpath); autoload -U _webhook-kit\nwords=(webhook-kit ${words.map(q).join(' ')}); CURRENT=${words.length + 1}; _webhook-kit`], { env: env(), encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

/** The same in fish, by its own \`complete -C\` (what Tab would list), run in \`cwd\`. */
function fishCompleteAll(cases: string[][], cwd = emptyDir): string[][] {
  const steps = cases.map((words) => `complete -C ${q(`webhook-kit ${words.join(' ')}`)}; echo '<end>'`);
  const out = execFileSync('fish', ['--no-config', '-c', `webhook-kit completion fish | source\n${steps.join('\n')}`], { env: env(), encoding: 'utf8', cwd });
  return splitCases(out);
}

const splitCases = (out: string): string[][] =>
  out
    .split('<end>\n')
    .slice(0, -1)
    .map((c) => c.split('\n').filter(Boolean));

describe('shell completion', () => {
  it('bash: the script parses and completes commands, flags, provider ids, fixtures and capture ids', async () => {
    const bash = await runCli(['completion', 'bash']);
    expect(spawnSync('bash', ['-n'], { input: bash.stdout }).status).toBe(0);
    expect(bashComplete(['li']).sort()).toEqual(['list', 'listen']);
    expect(bashComplete(['send', '--fi'])).toEqual(['--fixture', '--file']);
    // A bare `--` is a flag being typed, not the end of options.
    expect(bashComplete(['list', '--'])).toContain('--provider');
    expect(bashComplete(['list', '--'])).not.toContain('listen');
    expect(bashComplete(['send', '--provider', 'z'])).toEqual(['zender']);
    // Scenario names for the provider typed: SMSC.ru has no per-part reports, so no multipart.
    expect(bashComplete(['send', '--provider', 'smsgate', '--scenario', 'm'])).toEqual(['multipart']);
    expect(bashComplete(['send', '-p', 'smsc', '--scenario', ''])).toEqual(['lifecycle', 'failed', 'duplicate', 'out-of-order']);
    expect(bashComplete(['send', '--scenario', 'o'])).toEqual(['out-of-order']);
    expect(bashComplete(['send', '-p', 'webcom', '--fixture', 'part'])).toEqual(['partly-delivered']);
    expect(bashComplete(['export', '--format', ''])).toEqual(['ndjson', 'har', 'curl']);
    expect(bashComplete(['show', '--store', store, ''])).toEqual([captureId]);
    // show and replay take one id: none is offered after it (export takes any number).
    expect(bashComplete(['show', '--store', store, captureId, ''])).toEqual([]);
    expect(bashComplete(['replay', captureId, '--store', store, ''])).toEqual([]);
    expect(bashComplete(['export', '--store', store, captureId, ''])).toEqual([captureId]);
    expect(bashComplete(['completion', ''])).toEqual(['bash', 'zsh', 'fish']);
  });

  it.each([
    ['zsh', ['-n']],
    ['fish', ['--no-execute']],
  ])('%s: the script parses', async (shell, flags) => {
    const r = await runCli(['completion', shell]);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toContain('webhook-kit __complete');
    const file = join(tmp.dir, `completion.${shell}`);
    writeFileSync(file, r.stdout);
    const check = spawnSync(shell, [...flags, file], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  // Every case, what all three shells must offer (sorted: fish sorts its list).
  const CASES: Array<[string[], string[]]> = [
    [['he'], ['help']],
    [['help', 'li'], ['list', 'listen']],
    [['list', '--event', ''], [...EVENT_KINDS]],
    [['export', '--event', 'w'], ['whatsapp']],
    [['list', '--outcome', ''], [...OUTCOMES]],
    [['export', '--outcome', 'd'], ['delivered']],
    [['list', '--flag', 'l'], ['likely-duplicate']],
    [['export', '--provider', 'smsg'], ['smsgate', 'smsgateway24']],
    [['export', '-f', ''], ['curl', 'har', 'ndjson']],
    [['send', '-f', 'partly'], ['partly-delivered']],
    [['listen', '-p', ''], []],
    [['listen', '--tunnel', 'cl'], ['cloudflared', 'cloudflared:http2']],
    [['list', '--he'], ['--help']],
    [['--v'], ['--version']],
    [['verify-signature', '-p', 'z'], ['zender']],
    // A provider named by its alias has its fixtures and scenarios offered as by its id.
    [['send', '--provider', 'sg24', '--fixture', 'not'], ['not-sent']],
    [['send', '--provider', 'SG24', '--scenario', ''], ['failed', 'lifecycle']],
    // A value after `=` is completed with its flag; a flag that takes none has nothing after it.
    [['list', '--outcome=d'], ['--outcome=delivered']],
    [['list', '--json='], []],
  ];

  it('bash, zsh and fish offer the same: event kinds, outcomes, flags, help, short aliases', () => {
    const words = CASES.map(([w]) => w);
    const expected = CASES.map(([, e]) => [...e].sort());
    // The values come from core/types.ts; a few spelled out, so an empty list cannot pass.
    expect(EVENT_KINDS).toContain('incoming');
    expect(OUTCOMES).toContain('delivered');
    const fromZsh = zshCompleteAll(words).map((c) => c.filter((x) => !x.startsWith('<')));
    for (const got of [bashCompleteAll(words), fromZsh, fishCompleteAll(words)]) expect(got.map((c) => [...c].sort())).toEqual(expected);
    // The command list is commander's, its help command included.
    const all = bashCompleteAll([['']])[0]!;
    expect(all).toContain('help');
    expect(all).not.toContain('__complete');
    expect(fishCompleteAll([['']])[0]!.sort()).toEqual([...all].sort());
  });

  it('bash in a real terminal completes past a : or = (cloudflared:http2, --outcome=delivered), which it splits words at', async () => {
    const term = new Terminal('complete', 150, 20, emptyDir);
    try {
      term.run(`PATH=${q(join(tmp.dir, 'bin'))}:"$PATH" WEBHOOK_KIT_HOME=${q(tmp.dir)} exec bash --norc -i`);
      term.run(`PS1='wk> '; eval "$(webhook-kit completion bash)"; echo ready`);
      await term.waitFor(/^ready$/m);
      const tab = async (typed: string, completed: string): Promise<void> => {
        term.keys('C-l');
        term.tmux('send-keys', '-t', 'wk', '-l', typed);
        term.keys('Tab');
        // The screen as read back has no trailing blanks, so the space bash adds after a whole word is not seen.
        await term.waitFor(new RegExp(`^wk> ${completed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
        term.keys('C-u');
      };
      await tab('webhook-kit listen --tunnel cloudflared:h', 'webhook-kit listen --tunnel cloudflared:http2');
      await tab('webhook-kit list --outcome=deli', 'webhook-kit list --outcome=delivered');
      await tab('webhook-kit send --provider=sg24 --fixture not', 'webhook-kit send --provider=sg24 --fixture not-sent');
      await tab('webhook-kit listen --tunnel=cloudflared:', 'webhook-kit listen --tunnel=cloudflared:http2');
    } finally {
      term.close();
    }
  });

  it('nothing to offer (a file, a number): every shell falls back to file names', () => {
    const r = spawnSync('bash', ['--norc', '-c', 'eval "$(webhook-kit completion bash)"; complete -p webhook-kit'], { env: env(), encoding: 'utf8' });
    expect(r.stdout).toContain('-o default');
    expect(zshCompleteAll([['list', '--store', ''], ['list', '--event', '']]).map((c) => c.includes('<files>'))).toEqual([true, false]);
    // Installed in $fpath and autoloaded, the first Tab completes as well (it used to only register the function).
    const dir = join(tmp.dir, 'zsh-fpath');
    mkdirSync(dir);
    writeFileSync(join(dir, '_webhook-kit'), execFileSync(process.execPath, [BIN, 'completion', 'zsh'], { encoding: 'utf8' }));
    expect(zshFirstTab(['list', '--outcome', 'del'], dir)).toEqual(['delivered']);
    writeFileSync(join(emptyDir, 'captures.db'), '');
    expect(fishCompleteAll([['list', '--store', 'capt']])).toEqual([['captures.db']]);
    // After the = of --store=, the part after it: bash by its wordbreaks, fish and zsh by their scripts.
    expect(fishCompleteAll([['list', '--store=capt']])).toEqual([['--store=captures.db']]);
    expect(zshCompleteAll([['list', '--store=capt']])).toEqual([['<compset -P --*=>', '<files>']]);
  });

  it('an unknown shell is one usage line, exit 2', async () => {
    const r = await runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['webhook-kit: no completion for "tcsh"; use bash, zsh or fish']);
  });
});
