export interface ProjectorConfig {
  databaseUrl: string;
  busUrl: string;
  busNamespace: string | undefined;
}

export function configFromEnv(env: NodeJS.ProcessEnv): ProjectorConfig {
  const databaseUrl = env['DATABASE_URL'];
  if (!databaseUrl)
    throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/backtrack)');
  return {
    databaseUrl,
    busUrl: env['BACKTRACK_BUS'] ?? '',
    busNamespace: env['BACKTRACK_BUS_NAMESPACE'] || undefined,
  };
}
