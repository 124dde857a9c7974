import { createInterface } from 'node:readline';

export type Confirmation = 'yes' | 'no' | 'interrupted';

/**
 * Asks a `[y/N]` question on the terminal. Only y/yes is yes; Enter, any other answer and
 * Ctrl-D (end of input) are no; Ctrl-C (a keypress in the prompt, or SIGINT from elsewhere) is
 * interrupted. Never throws: readline/promises rejects with an AbortError on Ctrl-C and Ctrl-D,
 * which reached the user as a stack (issue #19).
 */
export function confirm(question: string, io: { stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream }): Promise<Confirmation> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, output: io.stderr });
    let settled = false;
    const settle = (answer: Confirmation, newline: boolean): void => {
      if (settled) return;
      settled = true;
      process.off('SIGINT', onSignal);
      // The prompt line was left open: what follows starts on a line of its own.
      if (newline) io.stderr.write('\n');
      rl.close();
      resolve(answer);
    };
    const onSignal = (): void => settle('interrupted', true);
    rl.on('SIGINT', onSignal);
    process.on('SIGINT', onSignal);
    rl.on('close', () => settle('no', true));
    rl.question(question, (answer) => settle(/^y(es)?$/i.test(answer.trim()) ? 'yes' : 'no', false));
  });
}
