import { replayConfigFromEnv } from './serve-replay/replay-config';
import { startReplayServer } from './serve-replay/start-replay-server';

const note = (line: string) => process.stderr.write(`${line}\n`);

// The standalone replay process; SIGTERM/SIGINT close it cleanly.
async function main(): Promise<void> {
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

main().catch((error: Error) => {
  note(`backtrack-replay: ${error.message}`);
  process.exitCode = 1;
});
