import { AnyEvent, createEvent } from '@backtrack/events';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appendEvents } from '../event-store/append-events';
import { readSessionEvents } from '../event-store/read-events';
import { runMigrations } from '../migrations/run-migrations';
import { MIGRATIONS_DIR } from '../migrations/sql-file.migration';
import { EmbeddedTestContext } from './embedded.test-context';
import { LOCK_FILE } from './data-dir-lock';
import { startEmbeddedPostgres } from './start-embedded-postgres';

// A cold start runs initdb inside WebAssembly: seconds on a busy 2-core machine.
jest.setTimeout(180_000);

const REPO_ROOT = resolve(__dirname, '../../../..');

function outputs(sessionId: string, seqs: number[]): AnyEvent[] {
  return seqs.map((seq) =>
    createEvent({
      sessionId,
      seq,
      type: 'terminal.output',
      payload: { data: `line ${seq}\r\n` },
      actor: { user: 'ada', host: 'ada-laptop' },
      at: Date.UTC(2025, 0, 7, 9, 30) + seq,
    }),
  );
}

// Another process holding the folder: commits one row, leaves a second uncommitted, then waits to be killed.
function holdInAnotherProcess(dataDir: string): {
  child: ChildProcess;
  ready: Promise<number>;
  exited: Promise<void>;
} {
  const script = `
    const { Client } = require('pg');
    const { startEmbeddedPostgres } = require(${JSON.stringify(join(__dirname, 'start-embedded-postgres.ts'))});
    (async () => {
      const { url } = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
      const committed = new Client({ connectionString: url });
      await committed.connect();
      await committed.query("CREATE TABLE marks (note text); INSERT INTO marks VALUES ('committed before the kill')");
      const open = new Client({ connectionString: url });
      await open.connect();
      await open.query("BEGIN; INSERT INTO marks VALUES ('never committed')");
      process.stdout.write('ready ' + process.pid + '\\n');
    })().catch((error) => { console.error(error); process.exit(1); });
    setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<number>((resolvePid, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (match) resolvePid(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`holder exited early with code ${code}`)));
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, ready, exited };
}

describe('embedded Postgres', () => {
  const ctx = new EmbeddedTestContext();
  afterEach(() => ctx.cleanup());

  it('migrate a new folder, store events through the event store, and find them after a stop and a start', async () => {
    const folder = join(ctx.folder(), 'nested', 'data');
    const first = await ctx.start(folder);
    expect(first.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect((await runMigrations(first.url)).current).toBe(latestMigration());
    const sessionId = `s-${randomUUID()}`;
    const events = outputs(sessionId, [1, 2, 3]);
    const before = await ctx.dataSource(first.url);
    expect((await appendEvents(before, events)).appended).toEqual(events);
    await before.destroy();
    await first.stop();

    const second = await ctx.start(folder);
    expect((await runMigrations(second.url)).applied).toEqual([]);
    const after = await ctx.dataSource(second.url);

    expect(await readSessionEvents(after, sessionId)).toEqual(events);
    expect(await appendEvents(after, events)).toEqual({
      appended: [],
      duplicates: events,
      conflicts: [],
    });
  });

  it('refuse a second opener of a folder while it is open, and free the folder when stopped', async () => {
    const folder = ctx.folder();
    const running = await ctx.start(folder);

    await expect(startEmbeddedPostgres({ dataDir: folder })).rejects.toThrow(
      `the embedded database in ${folder} is already open by this process`,
    );
    await running.stop();

    expect(existsSync(join(folder, LOCK_FILE))).toBe(false);
    await expect(ctx.start(folder)).resolves.toMatchObject({ dataDir: folder });
  });

  it('refuse a folder another process holds; once it is killed, take over and keep only what it committed', async () => {
    const folder = ctx.folder();
    const holder = holdInAnotherProcess(folder);
    try {
      const holderPid = await holder.ready;
      await expect(startEmbeddedPostgres({ dataDir: folder })).rejects.toThrow(
        `already open by process ${holderPid}`,
      );
    } finally {
      holder.child.kill('SIGKILL');
      await holder.exited;
    }

    const recovered = await ctx.start(folder);
    const client = await ctx.client(recovered.url);

    const { rows } = await client.query('SELECT note FROM marks');
    expect(rows).toEqual([{ note: 'committed before the kill' }]);
  });

  it('name what is wrong with its options', async () => {
    await expect(startEmbeddedPostgres({ dataDir: ' ' })).rejects.toThrow(
      'embedded Postgres needs a dataDir',
    );
    await expect(startEmbeddedPostgres({ dataDir: ctx.folder(), host: '0.0.0.0' })).rejects.toThrow(
      'listens on loopback only',
    );
    await expect(startEmbeddedPostgres({ dataDir: ctx.folder(), port: 70_000 })).rejects.toThrow(
      'port must be an integer from 0 to 65535 (got 70000)',
    );
  });
});

function latestMigration(): string {
  const ups = readdirSync(MIGRATIONS_DIR).filter((file) => file.endsWith('.up.sql'));
  return ups.sort().at(-1)!.slice(0, -'.up.sql'.length);
}
