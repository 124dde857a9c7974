import { Command } from 'commander';
import type { CommandTree } from '../commands/complete.js';
import { outcome, stdio } from './io.js';

/**
 * Shell scripts that ask `webhook-kit __complete -- <words…>` for candidates, as cobra-based CLIs
 * do; after `--` every word (a typed `--` too) reaches the completer as it was typed.
 */
const SCRIPTS: Record<'bash' | 'zsh' | 'fish', string> = {
  // bash splits words at the : and = of COMP_WORDBREAKS (cloudflared:h arrives as cloudflared, :, h;
  // --outcome=d as --outcome, =, d): the script glues the pieces typed without a blank between them
  // (COMP_LINE tells), asks for the whole word, and offers what follows its last break, the part
  // bash replaces. Plain bash 3.2 syntax (macOS): no negative indexes.
  bash: `# webhook-kit completion for bash: eval "$(webhook-kit completion bash)" in ~/.bashrc
_webhook_kit_complete() {
  local IFS=$'\\n' rest=\${COMP_LINE-} w last i glued
  rest=\${rest:0:\${COMP_POINT:-\${#rest}}}
  local -a words=()
  for ((i = 0; i <= COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    glued=1
    if [[ -n $rest ]]; then
      [[ $rest == [[:blank:]]* ]] && glued=0
      rest=\${rest#"\${rest%%[![:blank:]]*}"}
      rest=\${rest#"$w"}
    fi
    ((i == 0)) && continue
    last=$((\${#words[@]} - 1))
    if ((glued && last >= 0)) && [[ $w == [:=]* || \${words[last]} == *[:=] ]]; then words[last]+=$w; else words+=("$w"); fi
  done
  COMPREPLY=($(webhook-kit __complete -- "\${words[@]}" 2>/dev/null))
  w=\${COMP_WORDS[COMP_CWORD]}
  [[ $w == [:=] ]] && w=
  last=\${words[\${#words[@]} - 1]}
  w=\${last%"$w"}
  if [[ -n $w ]]; then COMPREPLY=("\${COMPREPLY[@]#"$w"}"); fi
}
complete -o default -F _webhook_kit_complete webhook-kit
`,
  zsh: `#compdef webhook-kit
# webhook-kit completion for zsh: webhook-kit completion zsh > "\${fpath[1]}/_webhook-kit"
_webhook_kit() {
  local -a candidates
  candidates=(\${(f)"$(webhook-kit __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)"})
  # Nothing offered (a file, a URL, a number): file names, as bash's -o default gives (after the = of --store=).
  if (( \${#candidates} )); then compadd -a candidates; else compset -P '--*='; _files; fi
}
compdef _webhook_kit webhook-kit
# Autoloaded from $fpath, this file is the function _webhook-kit, run for the first Tab: complete it too.
if [[ \$funcstack[1] == _webhook-kit ]]; then _webhook_kit "$@"; fi
`,
  fish: `# webhook-kit completion for fish: webhook-kit completion fish > ~/.config/fish/completions/webhook-kit.fish
function __webhook_kit_complete
    set -l candidates (webhook-kit __complete -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)
    # Nothing offered (a file, a URL, a number): file names, as bash's -o default gives (after the = of --store=).
    if set -q candidates[1]
        printf '%s\\n' $candidates
    else
        set -l token (commandline -ct)
        set -l flag (string match -r -- '^--[^=]+=' $token)
        __fish_complete_path (string replace -r -- '^--[^=]+=' '' $token) | string replace -r -- '^' "$flag"
    end
end
complete -c webhook-kit -f -a '(__webhook_kit_complete)'
`,
};

/** `webhook-kit completion <shell>` and `__complete`, which the scripts call (main.ts adds it hidden). */
export function completionCommands(program: () => Command): Command[] {
  return [
    new Command('completion')
      .description('print a shell completion script (bash, zsh or fish)')
      .argument('<shell>', 'bash, zsh or fish')
      .addHelpText(
        'after',
        `
Examples:
  $ eval "$(webhook-kit completion bash)"                                  # in ~/.bashrc
  $ webhook-kit completion zsh > "\${fpath[1]}/_webhook-kit"
  $ webhook-kit completion fish > ~/.config/fish/completions/webhook-kit.fish`,
      )
      .action(async (shell: string) => {
        const script = SCRIPTS[shell as keyof typeof SCRIPTS];
        if (!script) {
          const { KitError } = await import('../core/errors.js');
          throw new KitError('E_USAGE', `no completion for "${shell.slice(0, 20)}"; use bash, zsh or fish`);
        }
        process.stdout.write(script);
      }),
    new Command('__complete')
      .argument('[words...]')
      .allowUnknownOption()
      .helpOption(false)
      .action(async (words: string[]) => {
        const { candidates } = await import('../commands/complete.js');
        const out = stdio();
        for (const c of await candidates(describe(program()), words)) out.stdout.write(`${c}\n`);
        outcome.code = 0;
      }),
  ];
}

/**
 * The tree as `--help` shows it (commander's Help): so commander's own `help` command and the
 * `-h, --help` / `-V, --version` options are there too, and hidden ones are not.
 */
function describe(program: Command): CommandTree {
  const help = program.createHelp();
  const flagsOf = (c: Command) =>
    help
      .visibleOptions(c)
      .filter((o) => o.long)
      .map((o) => ({ flag: o.long!, short: o.short, takesValue: o.required || o.optional, choices: o.argChoices ?? [] }));
  return { flags: flagsOf(program), commands: help.visibleCommands(program).map((c) => ({ name: c.name(), flags: flagsOf(c) })) };
}
