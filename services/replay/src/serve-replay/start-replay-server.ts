import { createBus, EventBus } from '@backtrack/bus';
import { attachReplayEndpoint, LiveHubs } from '@backtrack/playback';
import { createDataSource, redact, runMigrations } from '@backtrack/store';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ReplayConfig } from './replay-config';

export interface ReplayServer {
  // http://host:port the server listens on (ws:// for the endpoints).
  url: string;
  close(): Promise<void>;
}

// The standalone replay process: connects to the bus and the store (migrating it), serves the replay WebSockets.
export async function startReplayServer(
  config: ReplayConfig,
  note: (line: string) => void = () => undefined,
  // A bus made by the caller (tests, the single-process mode); otherwise one from config.busUrl.
  givenBus?: EventBus,
): Promise<ReplayServer> {
  const closers: Array<() => Promise<unknown>> = [];
  // Everything started is closed, in reverse, even when one part fails (or the start failed half way).
  const close = async () => {
    const failures: unknown[] = [];
    for (const closer of closers.splice(0).reverse()) await closer().catch((e) => failures.push(e));
    if (failures.length > 0) throw failures[0];
  };
  try {
    // The bus first: a broker that cannot be reached stops the start before the database is touched.
    const bus =
      givenBus ??
      (await createBus(
        config.busUrl,
        config.busNamespace ? { namespace: config.busNamespace } : {},
      ));
    if (!givenBus) closers.push(() => bus.close());
    const { applied } = await runMigrations(config.databaseUrl);
    if (applied.length > 0) note(`replay: applied migrations ${applied.join(', ')}`);
    const db = await createDataSource({
      url: config.databaseUrl,
      applicationName: 'backtrack-replay',
    }).initialize();
    closers.push(() => db.destroy());
    const hubs = await LiveHubs.start(db, bus, { instanceId: config.instanceId, log: note });
    closers.push(() => hubs.close());
    const server = createServer(answerPlainHttp);
    const endpoint = attachReplayEndpoint(server, {
      db,
      hubs,
      bus,
      rejectOtherPaths: true,
      log: note,
    });
    closers.push(async () => {
      await endpoint.close(); // its sockets first: the server's close waits for every connection
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    });
    await listen(server, config.port, config.host);
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host}:${port}`;
    note(
      `replay: listening on ${url}, database ${redact(config.databaseUrl)}, bus ${bus.kind}, instance ${config.instanceId}`,
    );
    return { url, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `${host}:${port} is already in use: set PORT to another port (0: any free one)`,
            )
          : new Error(`cannot listen on ${host}:${port}: ${error.message}`),
      ),
    );
    server.listen(port, host, resolve);
  });
}

// Only WebSockets are served; plain requests get a health answer or a pointer to the protocol.
function answerPlainHttp(request: IncomingMessage, response: ServerResponse): void {
  const reply = (status: number, body: object) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (request.url === '/healthz') return reply(200, { status: 'ok' });
  if (/^\/api\/v1\/sessions\/[^/]+\/(follow|play)(\?|$)/.test(request.url ?? ''))
    return reply(426, {
      error:
        'this endpoint is a WebSocket: connect with Upgrade: websocket (docs/replay-protocol.md)',
    });
  reply(404, { error: `no endpoint at ${request.url}` });
}
