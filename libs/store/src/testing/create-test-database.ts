import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { runMigrations } from '../migrations/run-migrations';

export interface TestDatabase {
  url: string;
  name: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  // A URL of the server to create the database on; defaults to DATABASE_URL like testServices.databaseUrl.
  serverUrl?: string;
  // false: an empty database, for tests of the migrations themselves.
  migrate?: boolean;
  poolSize?: number;
}

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

// Each test suite gets its own database, so suites can run in parallel on one server and leave nothing behind.
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? process.env['DATABASE_URL'] ?? DEFAULT_SERVER_URL;
  const name = `bt_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  let dataSource: DataSource | undefined;
  try {
    if (options.migrate !== false) await runMigrations(url);
    dataSource = await createDataSource({
      url,
      poolSize: options.poolSize ?? 10,
      applicationName: 'backtrack-test',
    }).initialize();
  } catch (error) {
    await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  }
  const source = dataSource;
  return {
    url,
    name,
    dataSource: source,
    drop: async () => {
      if (source.isInitialized) await source.destroy();
      await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
