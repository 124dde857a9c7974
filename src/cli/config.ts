import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { KitError } from '../core/errors.js';
import { safePreview } from '../core/safe-text.js';

/**
 * webhook-kit.json: `secrets` by provider id, and per command its long flag names in camelCase
 * (`{ "listen": { "port": 8686, "forwardTo": "http://localhost:3000" } }`). Flags override the
 * file, the file overrides defaults. Each value goes through the flag's own parser, so the file
 * accepts exactly what the command line does and says the same when it does not.
 */
export interface LoadedConfig {
  file: string;
  secrets: Record<string, string>;
  sections: Record<string, Record<string, unknown>>;
}

let loaded: LoadedConfig | null = null;

/** The secrets of the config file in use (empty without one); the lowest layer under WEBHOOK_KIT_SECRET_* and --secret. */
export const configSecrets = (): Record<string, string> => loaded?.secrets ?? {};

/** A secret in the config file for no known provider, as one line naming the file and the key. */
export function checkConfigSecrets(ids: readonly string[], canonical: (name: string) => string | undefined): void {
  const unknown = Object.keys(loaded?.secrets ?? {}).find((id) => canonical(id.toLowerCase()) === undefined);
  if (unknown !== undefined && loaded) throw new KitError('E_USAGE', `config ${loaded.file}: secrets.${safePreview(unknown, 30)} names no provider; use one of: ${ids.join(', ')}`);
}

/** --config, else ./webhook-kit.json, else $XDG_CONFIG_HOME/webhook-kit/config.json (~/.config when unset). */
export function configPath(flag: string | undefined, env: NodeJS.ProcessEnv, cwd = process.cwd()): string | null {
  if (flag !== undefined) return flag;
  const candidates = [join(cwd, 'webhook-kit.json'), join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'webhook-kit', 'config.json')];
  return candidates.find((f) => existsSync(f)) ?? null;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown): string => safePreview(JSON.stringify(v) ?? String(v), 40);

/** Reads and checks the file's shape; `commands` are the command names a section may have. */
export function loadConfig(file: string, commands: readonly string[]): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KitError('E_FILE', `cannot read the config file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; check --config`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new KitError('E_USAGE', `the config file ${file} is not valid JSON (${(e as Error).message}); fix it or pass --config <file>`);
  }
  if (!isObject(json)) throw new KitError('E_USAGE', `the config file ${file} must hold one JSON object, e.g. { "listen": { "port": 8686 } }`);
  const secrets: Record<string, string> = {};
  const sections: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(json)) {
    if (key === 'secrets') {
      if (!isObject(value)) throw new KitError('E_USAGE', `config ${file}: "secrets" must be an object of provider ids to secrets, e.g. { "smsc": "…" }`);
      for (const [id, secret] of Object.entries(value)) {
        if (typeof secret !== 'string' || secret === '') throw new KitError('E_USAGE', `config ${file}: secrets.${safePreview(id, 30)} must be a non-empty string`);
        secrets[id.toLowerCase()] = secret;
      }
    } else if (commands.includes(key)) {
      if (!isObject(value)) throw new KitError('E_USAGE', `config ${file}: "${key}" must be an object of flag names, e.g. { "${key}": { "json": true } }`);
      sections[key] = value;
    } else {
      throw new KitError('E_USAGE', `config ${file}: unknown key "${safePreview(key, 30)}"; use "secrets" or a command name (${commands.join(', ')})`);
    }
  }
  return { file, secrets, sections };
}

/** The flag a config key names: its camelCase attribute (`forwardTo`, `tui` for --no-tui). */
const optionFor = (cmd: Command, key: string): Option | undefined => cmd.options.find((o) => o.attributeName() === key && o.long !== '--config');

/** Each entry of a command's section checked and parsed as its flag would be (a KitError naming the first bad one). */
function sectionOf(cmd: Command, config: LoadedConfig): Array<{ option: Option; value: unknown }> {
  return Object.entries(config.sections[cmd.name()] ?? {}).map(([key, value]) => {
    const option = optionFor(cmd, key);
    const where = `config ${config.file}: ${cmd.name()}.${safePreview(key, 30)}`;
    if (!option) {
      const names = cmd.options.filter((o) => o.long && o.long !== '--config').map((o) => o.attributeName());
      throw new KitError('E_USAGE', `${where} is not a flag of ${cmd.name()}; use one of: ${names.join(', ')}`);
    }
    return { option, value: parsed(option, value, where) };
  });
}

/** Sets every option the command line left at its default from the command's config section. */
export function applyConfig(cmd: Command, config: LoadedConfig): void {
  for (const { option, value } of sectionOf(cmd, config)) {
    const source = cmd.getOptionValueSource(option.attributeName());
    if (source !== 'cli' && source !== 'env') cmd.setOptionValueWithSource(option.attributeName(), value, 'config');
  }
}

function parsed(option: Option, value: unknown, where: string): unknown {
  const takesValue = option.required || option.optional;
  if (!takesValue) {
    if (typeof value !== 'boolean') throw new KitError('E_USAGE', `${where} must be true or false, got ${show(value)}`);
    return value;
  }
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0 || !values.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new KitError('E_USAGE', `${where} must be a string or number${option.variadic ? ' (or a list)' : ''}, got ${show(value)}`);
  }
  let result: unknown = undefined;
  for (const v of values.map(String)) {
    if (option.argChoices && !option.argChoices.includes(v)) throw new KitError('E_USAGE', `${where} must be one of ${option.argChoices.join(', ')}, got ${show(v)}`);
    try {
      result = option.parseArg ? option.parseArg(v, result === undefined ? (option.defaultValue as unknown) : result) : v;
    } catch (e) {
      throw new KitError('E_USAGE', `${where}: ${(e as Error).message}`);
    }
  }
  return result;
}

/**
 * Loads the config for the command about to run: every section is checked (a typo anywhere is
 * found whichever command runs), the running command's section applied.
 */
export function useConfig(cmd: Command, commands: readonly Command[], env: NodeJS.ProcessEnv): void {
  const file = configPath(cmd.getOptionValue('config') as string | undefined, env);
  loaded = file ? loadConfig(file, commands.map((c) => c.name())) : null;
  if (!loaded) return;
  for (const other of commands) if (other !== cmd) sectionOf(other, loaded);
  applyConfig(cmd, loaded);
}
