import { runningAddress } from './data-dir-address';
import { startEmbeddedPostgres } from './start-embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  // Stops the database if this call started it; leaves a running server's alone.
  close(): Promise<void>;
}

// The embedded database in dataDir for a one-shot command: the running server's if one holds the folder, else one
// started for the command (the folder is never opened twice).
export async function openEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const running = runningAddress(dataDir);
  if (running) return { url: running, close: async () => undefined };
  const started = await startEmbeddedPostgres({ dataDir });
  return { url: started.url, close: () => started.stop() };
}
