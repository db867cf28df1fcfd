import { sharedBusUrl } from '@backtrack/bus';
import { hostname } from 'node:os';

export interface ReplayConfig {
  databaseUrl: string;
  busUrl: string;
  busNamespace: string | undefined;
  port: number;
  host: string;
  // Names this instance's bus subscription (replay-<id>); the subscription is ephemeral, so the name only tells
  // operators whose queues or consumer group they look at.
  instanceId: string;
}

// From the environment: DATABASE_URL, BACKTRACK_BUS, BACKTRACK_BUS_NAMESPACE, PORT, HOST, REPLAY_INSTANCE_ID.
export function replayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ReplayConfig {
  const databaseUrl = env['DATABASE_URL'];
  if (!databaseUrl)
    throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/backtrack)');
  const port = Number(env['PORT'] ?? 7071);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number (got "${env['PORT']}")`);
  const instanceId = env['REPLAY_INSTANCE_ID'] || hostname().replace(/[^A-Za-z0-9_.-]/g, '-');
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$/.test(instanceId))
    throw new Error(
      `REPLAY_INSTANCE_ID must be 1-81 letters, digits, '.', '_' or '-' (got "${instanceId}")`,
    );
  const busUrl = sharedBusUrl(env['BACKTRACK_BUS']);
  return {
    databaseUrl,
    busUrl,
    busNamespace: env['BACKTRACK_BUS_NAMESPACE'] || undefined,
    port,
    host: env['HOST'] ?? '127.0.0.1',
    instanceId,
  };
}
