import { Command, Option } from 'commander';
import { asciicastLines, AsciicastVersion } from '@backtrack/asciicast';
import { connectGateway } from '../gateway-client/connect-gateway';
import { AnswerOutput, terminalOutput } from '../gateway-client/answer-output';
import { EVENTS_PAGE_SIZE, fetchSessionEvents } from './fetch-session-events';
import { writeCastFile } from './write-cast-file';

const FORMATS: Record<string, AsciicastVersion> = { 'asciicast-v2': 2, 'asciicast-v3': 3 };

interface ExportOptions {
  format: string;
  output?: string;
  idleLimit?: number;
}

// `backtrack export`: a recorded terminal session as an asciinema recording, for `asciinema play` or asciinema-player.
export function registerExportCommand(
  program: Command,
  output: () => AnswerOutput = terminalOutput,
): void {
  program
    .command('export')
    .argument('<session>', 'session id, as `backtrack sessions` lists them')
    .description(
      'Write a terminal session as an asciicast file (asciinema recording): output, input, resizes, and a marker per command.',
    )
    .addOption(
      new Option('--format <format>', 'asciicast-v2 (asciinema 2 players) or asciicast-v3')
        .choices(Object.keys(FORMATS))
        .makeOptionMandatory(),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option(
      '--idle-limit <seconds>',
      'players shorten every pause to at most this many seconds (idle_time_limit)',
      parseIdleLimit,
    )
    .action(async (sessionId: string, options: ExportOptions) => {
      const out = output();
      const client = connectGateway();
      const events = await fetchSessionEvents(client, sessionId, (fetched) => {
        // Only long sessions take more than one page: then say how far it got.
        if (fetched >= EVENTS_PAGE_SIZE) out.note(`fetched ${fetched} events…`);
      });
      const version = FORMATS[options.format]!;
      const lines = asciicastLines(events, version, {
        ...(options.idleLimit !== undefined ? { idleTimeLimit: options.idleLimit } : {}),
      });
      await writeCastFile(lines, options.output);
      out.note(
        `exported session ${sessionId} (${events.length} events) as asciicast v${version}${options.output ? ` to ${options.output}` : ''}`,
      );
    });
}

function parseIdleLimit(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0)
    throw new Error(
      `--idle-limit must be a number of seconds above 0, e.g. 2 or 0.5 (got "${value}")`,
    );
  return seconds;
}
