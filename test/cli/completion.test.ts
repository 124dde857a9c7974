import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/capture/store.js';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// The scripts are run by the real shells: bash completes a word through `complete -F`,
// zsh and fish check the syntax of theirs.
const tmp = tempDir('wk-complete-');
const store = join(tmp.dir, 'c.db');
let captureId = '';
const env = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${join(tmp.dir, 'bin')}:${process.env.PATH}`, WEBHOOK_KIT_HOME: tmp.dir });

beforeAll(() => {
  mkdirSync(join(tmp.dir, 'bin'));
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

  it('an unknown shell is one usage line, exit 2', async () => {
    const r = await runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['webhook-kit: no completion for "tcsh"; use bash, zsh or fish']);
  });
});
