import { createDataSource, Queryable } from '@backtrack/store';

// Admin commands are one-shot: a one-connection pool, closed when the work is done.
export async function withDatabase<T>(
  databaseUrl: string | undefined,
  work: (db: Queryable) => Promise<T>,
): Promise<T> {
  if (!databaseUrl)
    throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/backtrack)');
  const dataSource = await createDataSource({
    url: databaseUrl,
    poolSize: 1,
    applicationName: 'backtrack-gateway-admin',
  }).initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
