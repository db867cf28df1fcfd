import { Client } from 'pg';
import { readdirSync } from 'node:fs';
import { revertLastMigration, runMigrations } from '../migrations/run-migrations';
import { MIGRATIONS_DIR } from '../migrations/sql-file.migration';
import { EmbeddedTestContext } from './embedded.test-context';

jest.setTimeout(180_000);

const committedMigrations = readdirSync(MIGRATIONS_DIR)
  .filter((file) => file.endsWith('.up.sql'))
  .map((file) => file.replace('.up.sql', ''))
  .sort();

async function schemaOf(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(`
    SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS line
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
    UNION ALL
    SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`);
  return rows.map((row) => row.line).sort();
}

describe('the committed migrations on embedded Postgres', () => {
  const ctx = new EmbeddedTestContext();
  afterAll(() => ctx.cleanup());

  it('apply in order, revert one by one to nothing, and apply again to the same schema', async () => {
    const { url } = await ctx.start();
    const client = await ctx.client(url);

    expect((await runMigrations(url)).applied).toEqual(committedMigrations);
    const extensions = await client.query('SELECT extname FROM pg_extension ORDER BY 1');
    expect(extensions.rows.map((row) => row.extname)).toEqual(['btree_gin', 'pg_trgm', 'plpgsql']);
    const schema = await schemaOf(client);
    expect(schema).toEqual(
      expect.arrayContaining([
        'events.tx_id xid8 NO',
        expect.stringMatching(
          /commands_user_line_trgm ON public\.commands USING gin \(user_name, command_line gin_trgm_ops\)/,
        ),
      ]),
    );

    const reverted: string[] = [];
    for (const _ of committedMigrations) reverted.push((await revertLastMigration(url)).reverted!);
    expect(reverted).toEqual([...committedMigrations].reverse());
    expect(await schemaOf(client)).toEqual([]);

    expect((await runMigrations(url)).applied).toEqual(committedMigrations);
    expect(await schemaOf(client)).toEqual(schema);
  });
});
