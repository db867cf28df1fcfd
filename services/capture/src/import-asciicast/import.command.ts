import { hostname } from 'node:os';
import { Command } from 'commander';
import { fromAsciicast } from '@backtrack/asciicast';
import { uuidv7 } from '@backtrack/events';
import { Me } from '../gateway-client/answers';
import { AnswerOutput, terminalOutput } from '../gateway-client/answer-output';
import { connectGateway } from '../gateway-client/connect-gateway';
import { readCastFile } from './read-cast-file';
import { sendInBatches } from './send-in-batches';

interface ImportOptions {
  title?: string;
}

// Imports of this many events or more report their progress.
const LONG_IMPORT = 10_000;

// `backtrack import`: an asciinema recording becomes a new Backtrack session, to replay and share like any other.
export function registerImportCommand(
  program: Command,
  output: () => AnswerOutput = terminalOutput,
): void {
  program
    .command('import')
    .argument('<file>', 'an asciicast v2 or v3 file (.cast), or - for stdin')
    .description(
      'Send an asciinema recording (asciicast v2/v3) to Backtrack as a new session; prints its id.',
    )
    .option('--title <title>', "the session's title (default: the recording's)")
    .action(async (file: string, options: ImportOptions) => {
      const out = output();
      const parsed = readCastFile(file);
      const client = connectGateway();
      // Events must carry the token's user: the gateway refuses anyone else's.
      const me = await client.get<Me>('/api/v1/me');
      const sessionId = uuidv7();
      const events = fromAsciicast(parsed, {
        sessionId,
        actor: { user: me.user, host: hostname() || 'unknown' },
        ...(options.title !== undefined ? { title: options.title } : {}),
      });
      await sendInBatches(client, sessionId, events, (sent) => {
        if (events.length >= LONG_IMPORT) out.note(`sent ${sent} of ${events.length} events…`);
      });
      out.line(sessionId);
      out.note(
        `imported ${file} (asciicast v${parsed.version}, ${events.length} events) as session ${sessionId}`,
      );
    });
}
