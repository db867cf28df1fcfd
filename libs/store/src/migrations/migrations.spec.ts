import { readdirSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../testing';
import { revertLastMigration, runMigrations } from './run-migrations';
import { MIGRATIONS_DIR, migrationName } from './sql-file.migration';

const committedMigrations = readdirSync(MIGRATIONS_DIR)
  .filter((file) => file.endsWith('.up.sql'))
  .map((file) => file.replace('.up.sql', ''))
  .sort();

async function schemaOf(dataSource: DataSource): Promise<string[]> {
  const columns: Array<{ line: string }> = await dataSource.query(`
    SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS line
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`);
  const indexes: Array<{ line: string }> = await dataSource.query(`
    SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`);
  return [...columns, ...indexes].map((row) => row.line).sort();
}

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db.drop());

  it('apply every committed SQL pair in order, revert one by one to nothing, and apply again to the same schema', async () => {
    const first = await runMigrations(db.url);
    expect(first.applied).toEqual(committedMigrations);
    const schema = await schemaOf(db.dataSource);
    expect(schema).toEqual(
      expect.arrayContaining([expect.stringMatching(/^events\.seq integer NO$/)]),
    );

    const reverted: string[] = [];
    for (let step = 0; step < committedMigrations.length; step++) {
      reverted.push((await revertLastMigration(db.url)).reverted!);
    }
    expect(reverted).toEqual([...committedMigrations].reverse());
    expect(await schemaOf(db.dataSource)).toEqual([]);
    expect((await revertLastMigration(db.url)).reverted).toBeUndefined();

    const again = await runMigrations(db.url);
    expect(again.applied).toEqual(committedMigrations);
    expect(await schemaOf(db.dataSource)).toEqual(schema);
    expect((await runMigrations(db.url)).applied).toEqual([]);
  });

  it('name each migration so TypeORM orders it by its number', () => {
    expect(migrationName('0001_event_store')).toBe('EventStore0000000000001');
    expect(migrationName('0012_read_models_v2')).toBe('ReadModelsV20000000000012');
    expect(() => migrationName('event_store')).toThrow('must be named NNNN_lower_snake_case');
  });
});
