import { Command } from 'commander';
import { CommandRegistrar } from '../cli/program';
import { recordTerminal } from './record-terminal.handler';

export interface RecordTerminalCommand {
  title?: string;
  // Also record typed keys (never while the terminal has echo off).
  recordInput: boolean;
  shellIntegration: boolean;
  server?: string;
  bus?: string;
  // Write only to the local spool; `backtrack sync` sends it later.
  offline: boolean;
  // Run this instead of $SHELL.
  command: string[];
}

// session.started allows titles up to this long.
const MAX_TITLE = 500;

interface RecordFlags {
  title?: string;
  stdin?: boolean;
  shellIntegration: boolean;
  server?: string;
  bus?: string;
  offline?: boolean;
}

export const registerRecordTerminal: CommandRegistrar = (program: Command) => {
  program
    .command('record')
    .description(
      'Record this terminal: runs your shell (or COMMAND) and streams its output and commands to Backtrack',
    )
    .argument(
      '[command...]',
      'command to run instead of $SHELL; put it after --, e.g. backtrack record -- make test',
    )
    .option('--title <title>', 'a title for the session')
    .option(
      '--stdin',
      'also record typed input (never while the terminal has echo off, e.g. at password prompts)',
    )
    .option(
      '--no-shell-integration',
      'do not inject the bash/zsh hooks that mark prompts and commands',
    )
    .option(
      '--server <url>',
      'Backtrack server to stream to (default: BACKTRACK_URL or the saved login)',
    )
    .option(
      '--bus <url>',
      'publish straight to a broker instead: amqp://user:pass@host:5672 or kafka://host:9092',
    )
    .option('--offline', 'keep events in the local spool only; send them later with backtrack sync')
    .action(async (command: string[], flags: RecordFlags) => {
      if (flags.server && flags.bus) throw new Error('pass either --server or --bus, not both');
      if (
        flags.title !== undefined &&
        (flags.title.trim() === '' || flags.title.length > MAX_TITLE)
      ) {
        throw new Error(`--title must be 1 to ${MAX_TITLE} characters, got ${flags.title.length}`);
      }
      const exitCode = await recordTerminal({
        ...(flags.title !== undefined ? { title: flags.title } : {}),
        recordInput: Boolean(flags.stdin),
        shellIntegration: flags.shellIntegration,
        ...(flags.server !== undefined ? { server: flags.server } : {}),
        ...(flags.bus !== undefined ? { bus: flags.bus } : {}),
        offline: Boolean(flags.offline),
        command,
      });
      process.exit(exitCode);
    });
};
