import { Command } from 'commander';

// Each use case registers its own sub-command; this file only lists them.
export type CommandRegistrar = (program: Command) => void;

export function buildProgram(registrars: CommandRegistrar[]): Command {
  const program = new Command('backtrack')
    .description('Record what you do in the terminal, then follow, replay, share and ask about it.')
    .version('0.1.0')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  for (const register of registrars) register(program);
  return program;
}
