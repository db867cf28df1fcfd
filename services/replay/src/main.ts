#!/usr/bin/env node
import { replayConfigFromEnv } from './serve-replay/replay-config';
import { REPLAY_USAGE, wantsHelp } from './serve-replay/replay-command-line';
import { startReplayServer } from './serve-replay/start-replay-server';

const note = (line: string) => process.stderr.write(`${line}\n`);

// The standalone replay process (`backtrack-replay`); SIGTERM/SIGINT close it cleanly.
async function main(args: string[]): Promise<void> {
  if (wantsHelp(args)) {
    process.stdout.write(`${REPLAY_USAGE}\n`);
    process.exit(0);
  }
  const server = await startReplayServer(replayConfigFromEnv(process.env), note);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      note(`replay: ${signal}, closing`);
      server.close().then(
        () => process.exit(0),
        (error: Error) => {
          note(`replay: close failed: ${error.message}`);
          process.exit(1);
        },
      );
    });
  }
}

// A bus or database client may keep a timer alive after a failed start; exit rather than hang.
main(process.argv.slice(2)).catch((error: Error) => {
  note(`backtrack-replay: ${error.message}`);
  process.exit(1);
});
