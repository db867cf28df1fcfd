import { ProgramIo } from '../admin-cli/gateway-program';
import { ensureLocalLogin } from './local-login';
import { backtrackHome, LocalServerFlags, localServerOptions } from './local-server-options';
import { LocalServer, startLocalServer } from './start-local-server';

// `backtrack-gateway start` (what `npm start` and `backtrack serve` run): until SIGINT/SIGTERM, then a clean stop
// that projects what was accepted and flushes the embedded database.
export async function runLocalServer(flags: LocalServerFlags, io: ProgramIo): Promise<void> {
  const options = localServerOptions(flags, io.env);
  const state: { server?: LocalServer; stopping: boolean } = { stopping: false };
  // Listening from the start: a Ctrl-C while the database initialises waits for it rather than cutting it short.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (state.stopping)
        return io.note('backtrack: still stopping (projecting what was accepted)');
      state.stopping = true;
      io.note(`backtrack: ${signal}, stopping`);
      if (state.server) stopAndExit(state.server, io);
    });
  }
  const server = (state.server = await startLocalServer(options, io.note));
  if (state.stopping) return stopAndExit(server, io);
  const login = await ensureLocalLogin(server.db, server.url, backtrackHome(io.env), io.env).catch(
    async (error: Error) => {
      await server.close();
      throw error;
    },
  );
  io.out(`Backtrack is running at ${server.url} (data in ${options.dataDir})`);
  for (const line of login) io.out(line);
  io.out(
    `ready in ${process.uptime().toFixed(1)} s; record with \`npx backtrack record\` in another terminal, Ctrl-C stops`,
  );
}

function stopAndExit(server: LocalServer, io: ProgramIo): void {
  server.close().then(
    () => {
      io.note('backtrack: stopped');
      process.exit(0);
    },
    (error: Error) => {
      io.note(`backtrack: stop failed: ${error.message}`);
      process.exit(1);
    },
  );
}
