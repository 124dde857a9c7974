import { VERSION } from '../core/version.js';
import { outcome } from './io.js';

/** What a closed stdout means for the command running (cli/io.ts outcome). */
export const onClosedPipe = (): 'exit' | 'finish' => outcome.onClosedPipe;

/**
 * Runs the CLI; resolves with the process exit code. `--version` alone is answered before any
 * command is declared (commander prints the same line): scripts call it on every run, and the
 * declarations are most of the startup (README, Performance).
 */
export async function main(argv: string[]): Promise<number> {
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { runProgram } = await import('./program.js');
  return runProgram(argv);
}
