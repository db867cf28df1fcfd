export interface GatewayConfig {
  databaseUrl: string;
  busUrl: string;
  // BACKTRACK_BUS_NAMESPACE, as the recorder and the projector read it: ingest must publish where they consume.
  busNamespace: string | undefined;
  port: number;
  host: string;
}

// From the environment: DATABASE_URL, BACKTRACK_BUS, BACKTRACK_BUS_NAMESPACE, PORT, HOST; a bad value stops the start, naming the variable.
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const databaseUrl = env['DATABASE_URL'];
  if (!databaseUrl)
    throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/backtrack)');
  const port = Number(env['PORT'] ?? 7070);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number (got "${env['PORT']}")`);
  return {
    databaseUrl,
    busUrl: env['BACKTRACK_BUS'] ?? 'memory://',
    busNamespace: env['BACKTRACK_BUS_NAMESPACE'] || undefined,
    port,
    host: env['HOST'] ?? '127.0.0.1',
  };
}
