import { Command, CommanderError } from 'commander';
import { EXIT, isKitError } from '../core/errors.js';
import { toSafeText } from '../core/safe-text.js';
import { VERSION } from '../core/version.js';
import { catalogFor, type Catalog } from './catalog.js';
import { completionCommands } from './completion.js';
import { useConfig } from './config.js';
import { historyCommands } from './history-commands.js';
import { outcome } from './io.js';
import { listenCommand } from './listen-command.js';
import { replayCommand } from './replay-command.js';
import { sendCommand } from './send-command.js';
import { verifyCommand } from './verify-command.js';

/** The program: commands, one error handler, one exit code. Nothing heavy is imported here. */
export function buildProgram(catalog: Catalog = { ids: 'a provider id', names: 'SMS gateways' }): Command {
  const program = new Command('webhook-kit')
    .description(`Capture, decode, replay and simulate SMS-gateway webhooks (${catalog.names}), offline`)
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander quotes what was typed, and a typed argument can carry escape sequences; its
      // typo hint comes after a newline of its own, which joins the line instead of showing as `\n`.
      outputError: (str, write) => write(`webhook-kit: ${oneLineUsage(str)} (see --help)\n`),
    })
    .addHelpText(
      'after',
      `
Examples:
  $ webhook-kit listen                              # capture callbacks on http://127.0.0.1:8686
  $ webhook-kit list --limit 5
  $ webhook-kit show k7m2qx --raw > body.bin
  $ webhook-kit export --format har > captures.har

Exit codes: 0 ok, 1 negative verdict or timeout, 2 usage, 3 environment, 70 internal error, 130 interrupted.`,
    );
  program.addCommand(listenCommand(catalog));
  for (const c of historyCommands()) program.addCommand(c);
  program.addCommand(sendCommand(catalog));
  program.addCommand(verifyCommand(catalog));
  program.addCommand(replayCommand());
  for (const c of completionCommands(() => program)) program.addCommand(c, { hidden: c.name().startsWith('__') });
  const configurable = program.commands.filter((c) => !c.name().startsWith('__') && c.name() !== 'completion');
  for (const c of configurable) c.option('--config <file>', 'defaults from this JSON file (else ./webhook-kit.json, then $XDG_CONFIG_HOME/webhook-kit/config.json)');
  program.hook('preAction', (_program, action) => {
    if (configurable.includes(action)) useConfig(action, configurable, process.env);
  });
  for (const c of program.commands) c.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** Commander's usage message as one safe line: its typo hint (`\n(Did you mean x?)`) after a `;`. */
function oneLineUsage(message: string): string {
  const text = message.replace(/^error: /, '').trim();
  const m = /\n\(Did you mean (.*)\?\)$/s.exec(text);
  const what = m ? text.slice(0, m.index) : text;
  return `${toSafeText(what, { oneLine: true })}${m ? `; did you mean ${toSafeText(m[1]!, { oneLine: true })}?` : ''}`;
}

/**
 * `help <name>` for a name that is no command: commander then shows the program's help and exits
 * 0, so a typo passed unseen in a script. It is parsed as the bare name instead, which commander
 * reports as an unknown command (with its did-you-mean), exit 2.
 */
function helpTargetChecked(program: Command, argv: string[]): string[] {
  const [first, name] = argv.slice(2);
  if (first !== 'help' || name === undefined || name.startsWith('-') || name === 'help') return argv;
  return program.commands.some((c) => c.name() === name || c.aliases().includes(name)) ? argv : [...argv.slice(0, 2), name];
}

/** Parses argv with every command declared; resolves with the exit code. Only KitErrors print without a stack. */
export async function runProgram(argv: string[]): Promise<number> {
  outcome.code = 0;
  try {
    const program = buildProgram(await catalogFor(argv));
    await program.parseAsync(helpTargetChecked(program, argv));
    return outcome.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isKitError(e)) {
      // Messages quote ids and field names from the command line or the payload: one safe line.
      process.stderr.write(`webhook-kit: ${toSafeText(e.message, { oneLine: true })}\n`);
      return e.exitCode;
    }
    process.stderr.write(`webhook-kit: internal error (a bug, please report it):\n${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}
