import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationInterface, QueryRunner } from 'typeorm';

// Same relative path from src/migrations and dist/migrations: the committed SQL is the single source.
export const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.up\.sql$/;

export interface SqlFileMigration extends MigrationInterface {
  readonly file: string;
}

// TypeORM orders migrations by the 13 digits that end the name, so 0001_event_store is named EventStore0000000000001.
export function migrationName(file: string): string {
  const match = /^(\d{4})_([a-z0-9_]+)$/.exec(file);
  if (!match) throw new Error(`migration "${file}" must be named NNNN_lower_snake_case`);
  const label = match[2]!.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  return `${label}${match[1]!.padStart(13, '0')}`;
}

// One TypeORM migration class per committed .up.sql/.down.sql pair.
export function sqlMigration(file: string, dir = MIGRATIONS_DIR): new () => SqlFileMigration {
  const read = (direction: 'up' | 'down') =>
    readFileSync(join(dir, `${file}.${direction}.sql`), 'utf8');
  const name = migrationName(file);
  const migration = class implements SqlFileMigration {
    readonly name = name;
    readonly file = file;
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(read('up'));
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(read('down'));
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}

export function discoverMigrations(dir = MIGRATIONS_DIR): Array<new () => SqlFileMigration> {
  const files = readdirSync(dir)
    .filter((entry) => entry.endsWith('.up.sql'))
    .sort();
  return files.map((entry) => {
    const match = FILE_PATTERN.exec(entry);
    if (!match)
      throw new Error(`migration file ${entry} must be named NNNN_lower_snake_case.up.sql`);
    const file = entry.slice(0, -'.up.sql'.length);
    if (!existsSync(join(dir, `${file}.down.sql`))) {
      throw new Error(
        `migration ${file} has no ${file}.down.sql: every migration must be reversible`,
      );
    }
    return sqlMigration(file, dir);
  });
}
