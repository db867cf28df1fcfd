import { createDataSource, openEmbeddedDatabase, Queryable, runMigrations } from '@backtrack/store';

// Where an admin command works: DATABASE_URL's server, else the embedded database of `backtrack-gateway start`.
export interface AdminDatabase {
  databaseUrl: string | undefined;
  dataDir: string;
}

// Admin commands are one-shot: a one-connection pool, closed when the work is done.
export async function withDatabase<T>(
  where: AdminDatabase,
  work: (db: Queryable) => Promise<T>,
): Promise<T> {
  if (where.databaseUrl) return withUrl(where.databaseUrl, work);
  const embedded = await openEmbeddedDatabase(where.dataDir);
  try {
    await runMigrations(embedded.url);
    return await withUrl(embedded.url, work);
  } finally {
    await embedded.close();
  }
}

async function withUrl<T>(url: string, work: (db: Queryable) => Promise<T>): Promise<T> {
  const dataSource = await createDataSource({
    url,
    poolSize: 1,
    applicationName: 'backtrack-gateway-admin',
  }).initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
