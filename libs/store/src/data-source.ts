import { ClientBase } from 'pg';
import { DataSource } from 'typeorm';
import { discoverMigrations } from './migrations/sql-file.migration';

export interface StoreOptions {
  url: string;
  // Connections in the pool; concurrent batches each hold one for their transaction.
  poolSize?: number;
  applicationName?: string;
}

export const MIGRATIONS_TABLE = 'schema_migrations';

// The schema comes only from the committed SQL migrations, never from entity synchronization.
export function createDataSource(options: StoreOptions): DataSource {
  if (!/^postgres(ql)?:\/\//.test(options.url)) {
    throw new Error(`database URL must start with postgres:// (got "${redact(options.url)}")`);
  }
  return new DataSource({
    type: 'postgres',
    url: options.url,
    synchronize: false,
    migrationsRun: false,
    migrations: discoverMigrations(),
    migrationsTableName: MIGRATIONS_TABLE,
    applicationName: options.applicationName ?? 'backtrack',
    extra: { max: options.poolSize ?? 10, onConnect: guardAgainstStrayErrors },
  });
}

// The server can end a connection (restart, pg_terminate_backend) in the instant between pg connecting a client
// and TypeORM listening to it; with no 'error' listener that would crash the process. The query that then uses
// the client fails and is retried, so the event itself needs no handling here.
function guardAgainstStrayErrors(client: ClientBase): void {
  client.on('error', () => undefined);
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
