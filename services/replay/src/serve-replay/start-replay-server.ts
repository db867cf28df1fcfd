import { createBus, EventBus } from '@backtrack/bus';
import { attachReplayEndpoint, LiveHubs } from '@backtrack/playback';
import { createDataSource, redact, runMigrations } from '@backtrack/store';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ReplayConfig } from './replay-config';

export interface ReplayServer {
  // http://host:port the server listens on (ws:// for the endpoints).
  url: string;
  close(): Promise<void>;
}

// The standalone replay process: migrates, connects to the store and the bus, serves the replay WebSockets.
export async function startReplayServer(
  config: ReplayConfig,
  note: (line: string) => void = () => undefined,
  // A bus made by the caller (tests, the single-process mode); otherwise one from config.busUrl.
  givenBus?: EventBus,
): Promise<ReplayServer> {
  const { applied } = await runMigrations(config.databaseUrl);
  if (applied.length > 0) note(`replay: applied migrations ${applied.join(', ')}`);
  const db = await createDataSource({
    url: config.databaseUrl,
    applicationName: 'backtrack-replay',
  }).initialize();
  const bus =
    givenBus ??
    (await createBus(config.busUrl, config.busNamespace ? { namespace: config.busNamespace } : {}));
  const hubs = await LiveHubs.start(db, bus, { instanceId: config.instanceId, log: note });
  const server = createServer(answerPlainHttp);
  const endpoint = attachReplayEndpoint(server, { db, hubs, rejectOtherPaths: true, log: note });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  note(
    `replay: listening on ${url}, database ${redact(config.databaseUrl)}, bus ${bus.kind}, instance ${config.instanceId}`,
  );
  return {
    url,
    close: async () => {
      await endpoint.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await hubs.close();
      if (!givenBus) await bus.close();
      await db.destroy();
    },
  };
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
