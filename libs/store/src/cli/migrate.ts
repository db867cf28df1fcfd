import { redact } from '../data-source';
import { revertLastMigration, runMigrations } from '../migrations/run-migrations';

// `npm run migrate` applies pending migrations to DATABASE_URL; `npm run migrate -- --revert` undoes the newest one.
async function main(args: string[]): Promise<void> {
  const unknown = args.filter((arg) => arg !== '--revert');
  if (unknown.length > 0)
    throw new Error(`unknown argument ${unknown.join(' ')} (usage: migrate [--revert])`);
  const url = process.env['DATABASE_URL'];
  if (!url)
    throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/backtrack)');
  console.log(`migrate: database ${redact(url)}`);
  if (args.includes('--revert')) {
    const { reverted, current } = await revertLastMigration(url);
    console.log(reverted ? `migrate: reverted ${reverted}` : 'migrate: nothing to revert');
    console.log(`migrate: schema now at ${current ?? '(empty)'}`);
    return;
  }
  const { applied, current } = await runMigrations(url);
  for (const file of applied) console.log(`migrate: applied ${file}`);
  if (applied.length === 0) console.log('migrate: nothing pending');
  console.log(`migrate: schema now at ${current ?? '(empty)'}`);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`migrate: failed: ${error.message}`);
  process.exitCode = 1;
});
