import { DataSource, MigrationExecutor } from 'typeorm';
import { createDataSource } from '../data-source';
import { SqlFileMigration } from './sql-file.migration';

export interface MigrationReport {
  applied: string[];
  // The newest migration in the database afterwards, e.g. "0003_accounts"; undefined when none is.
  current: string | undefined;
}

export async function runMigrations(url: string): Promise<MigrationReport> {
  return withDataSource(url, async (dataSource) => {
    const ran = await dataSource.runMigrations({ transaction: 'all' });
    return {
      applied: ran.map((m) => fileOf(dataSource, m.name)),
      current: await currentMigration(dataSource),
    };
  });
}

export async function revertLastMigration(
  url: string,
): Promise<{ reverted: string | undefined; current: string | undefined }> {
  return withDataSource(url, async (dataSource) => {
    const reverted = await currentMigration(dataSource);
    if (reverted) await dataSource.undoLastMigration({ transaction: 'each' });
    return { reverted, current: await currentMigration(dataSource) };
  });
}

export async function currentMigration(dataSource: DataSource): Promise<string | undefined> {
  const runner = dataSource.createQueryRunner();
  try {
    const executed = await new MigrationExecutor(dataSource, runner).getExecutedMigrations();
    const newest = executed.sort((a, b) => b.timestamp - a.timestamp)[0];
    return newest ? fileOf(dataSource, newest.name) : undefined;
  } finally {
    await runner.release();
  }
}

function fileOf(dataSource: DataSource, name: string): string {
  const migration = dataSource.migrations.find((m) => m.name === name) as
    SqlFileMigration | undefined;
  return migration?.file ?? name;
}

async function withDataSource<T>(
  url: string,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = await createDataSource({
    url,
    poolSize: 1,
    applicationName: 'backtrack-migrate',
  }).initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
