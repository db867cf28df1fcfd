import { sharedBusUrl } from '@backtrack/bus';
export interface GatewayConfig {
  databaseUrl: string;
  busUrl: string;
  // BACKTRACK_BUS_NAMESPACE, as the recorder and the projector read it: ingest must publish where they consume.
  busNamespace: string | undefined;
  port: number;
  host: string;
  // BACKTRACK_REPLAY_URL: the replay service the follow and play WebSockets are forwarded to (split mode).
  replayUrl: URL | undefined;
}

// From the environment: DATABASE_URL, BACKTRACK_BUS, BACKTRACK_BUS_NAMESPACE, PORT, HOST, BACKTRACK_REPLAY_URL; a bad
// value stops the start, naming the variable.
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const databaseUrl = env['DATABASE_URL'];
  if (!databaseUrl)
    throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/backtrack)');
  const port = Number(env['PORT'] ?? 7070);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number (got "${env['PORT']}")`);
  return {
    databaseUrl,
    busUrl: sharedBusUrl(env['BACKTRACK_BUS']),
    busNamespace: env['BACKTRACK_BUS_NAMESPACE'] || undefined,
    port,
    host: env['HOST'] ?? '127.0.0.1',
    replayUrl: replayUrlFrom(env['BACKTRACK_REPLAY_URL']),
  };
}

function replayUrlFrom(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  const problem = `BACKTRACK_REPLAY_URL must be the replay service's http://host:port (got "${value}")`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(problem);
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) || url.search || url.hash)
    throw new Error(problem);
  return url;
}
