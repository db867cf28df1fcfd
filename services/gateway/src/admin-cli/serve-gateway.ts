import { createBus } from '@backtrack/bus';
import { createDataSource, redact, runMigrations } from '@backtrack/store';
import { Server } from 'node:http';
import { forwardReplayUpgrades } from '../forward-replay/forward-replay-upgrades';
import { createGatewayApp } from '../gateway-app/create-gateway-app';
import { gatewayConfigFromEnv } from '../gateway-app/gateway-config';

// The standalone gateway process: migrates, connects, listens; SIGTERM/SIGINT close it cleanly.
export async function serveGateway(
  env: NodeJS.ProcessEnv,
  note: (line: string) => void,
): Promise<void> {
  const config = gatewayConfigFromEnv(env);
  const { applied } = await runMigrations(config.databaseUrl);
  if (applied.length > 0) note(`gateway: applied migrations ${applied.join(', ')}`);
  const dataSource = await createDataSource({
    url: config.databaseUrl,
    applicationName: 'backtrack-gateway',
  }).initialize();
  const bus = await createBus(
    config.busUrl,
    config.busNamespace ? { namespace: config.busNamespace } : {},
  );
  const app = await createGatewayApp({ db: dataSource, bus });
  const replay = forwardReplayUpgrades(app.getHttpServer() as Server, config.replayUrl, note);
  await app.listen(config.port, config.host);
  note(
    `gateway: listening on http://${config.host}:${config.port} (docs at /api/docs), database ${redact(config.databaseUrl)}, bus ${bus.kind}`,
  );
  note(
    config.replayUrl
      ? `gateway: forwarding follow and play to the replay service at ${config.replayUrl.origin}`
      : 'gateway: follow and play are not served: set BACKTRACK_REPLAY_URL to the replay service',
  );
  const stop = async () => {
    replay.close();
    await app.close();
    await bus.close();
    await dataSource.destroy();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      note(`gateway: ${signal}, closing`);
      stop().then(
        () => process.exit(0),
        (error: Error) => {
          note(`gateway: close failed: ${error.message}`);
          process.exit(1);
        },
      );
    });
  }
}
