import { DURABLE_GROUPS, EmbeddedBus } from '@backtrack/bus';
import { attachReplayEndpoint, LiveHubs } from '@backtrack/playback';
import { BusConsumer, createProjectorApp, PROJECTOR_GROUP } from '@backtrack/projection';
import { createDataSource, runMigrations, startEmbeddedPostgres } from '@backtrack/store';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createGatewayApp } from '../gateway-app/create-gateway-app';
import { endKeepAliveOnStop } from './end-keep-alive-on-stop';
import { LocalServerOptions } from './local-server-options';

export interface LocalServer {
  // http://host:port: REST API, ingest, share pages, and the replay WebSockets.
  url: string;
  db: DataSource;
  close(): Promise<void>;
}

// The embedded database is one backend that serves a transaction at a time, so more connections only queue.
const POOL_SIZE = 4;
const PROJECTOR_PREFETCH = 4;

// All of Backtrack in one process: embedded Postgres, the in-process bus, the projector, the gateway and the replay
// endpoint on the gateway's HTTP server. Each piece is the one the split deployment runs as its own process.
export async function startLocalServer(
  options: LocalServerOptions,
  note: (line: string) => void,
): Promise<LocalServer> {
  const closers: Array<() => Promise<unknown>> = [];
  // Every piece is closed even when one fails, so the database is always flushed and its folder freed.
  const close = async () => {
    const failures: unknown[] = [];
    for (const closer of closers.splice(0).reverse()) await closer().catch((e) => failures.push(e));
    if (failures.length > 0) throw failures[0];
  };
  try {
    const postgres = await startEmbeddedPostgres({ dataDir: options.dataDir });
    closers.push(() => postgres.stop());
    const { applied } = await runMigrations(postgres.url);
    if (applied.length > 0) note(`database: applied migrations ${applied.join(', ')}`);
    const db = await createDataSource({
      url: postgres.url,
      poolSize: POOL_SIZE,
      applicationName: 'backtrack-gateway',
    }).initialize();
    closers.push(() => db.destroy());
    // Nothing in the bus survives the process, so ingest acknowledges a batch only once the projector committed it.
    const bus = new EmbeddedBus({ durableGroups: DURABLE_GROUPS });
    closers.push(() => bus.close());
    const projector = await createProjectorApp({
      databaseUrl: postgres.url,
      bus: () => bus,
      prefetch: PROJECTOR_PREFETCH,
    });
    closers.push(() => stopProjector(projector));
    const hubs = await LiveHubs.start(db, bus, { instanceId: 'local', log: note });
    closers.push(() => hubs.close());
    const gateway = await createGatewayApp({ db, bus }, { logLevels: ['error', 'warn'] });
    const httpServer = gateway.getHttpServer() as Server;
    const endKeepAlive = endKeepAliveOnStop(httpServer);
    const replay = attachReplayEndpoint(httpServer, { db, hubs, bus, log: note });
    closers.push(() => closeFrontDoor(gateway, replay, endKeepAlive));
    await gateway.listen(options.port, options.host).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      throw new Error(
        `${options.host}:${options.port} is already in use: pass --port N (or --port 0 for any free port)`,
      );
    });
    note(`projector: consuming the in-process bus as group "${PROJECTOR_GROUP}"`);
    return { url: listeningUrl(gateway), db, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

// Ingest stops first (the front door closes), then the projector takes what the bus still holds, then it stops.
async function stopProjector(projector: INestApplicationContext): Promise<void> {
  await projector.get(BusConsumer).drained();
  await projector.close();
}

async function closeFrontDoor(
  gateway: INestApplication,
  replay: { close(): Promise<void> },
  endKeepAlive: () => void,
): Promise<void> {
  endKeepAlive();
  await replay.close();
  await gateway.close();
}

function listeningUrl(gateway: INestApplication): string {
  const address = (gateway.getHttpServer() as Server).address() as AddressInfo;
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard
    ? '127.0.0.1'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}`;
}
