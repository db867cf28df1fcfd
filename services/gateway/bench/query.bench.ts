// npm run bench:query [-- --sessions 1000 --commands-per-session 1000 --runs 200 --keep | --database NAME]
// (--keep leaves the generated database; --database NAME asks a kept one again without generating.)
// Fills a fresh database with the read-model rows of ~10M events (1000 sessions, 50 users, 20 repos, 200 branches,
// 30 days), then asks the real HTTP endpoints `timeline --branch X --on DAY` and `search` questions and prints
// latency percentiles (target: p95 < 100 ms).
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { EmbeddedBus } from '@backtrack/bus';
import { createDataSource, runMigrations, testing } from '@backtrack/store';
import { createGatewayApp } from '../src/gateway-app/create-gateway-app';
import { createToken } from '../src/create-token/create-token';
import { createUser } from '../src/create-user/create-user';
import {
  accountsSql,
  activitySql,
  commandsSql,
  FUNCTIONS_SQL,
  sessionsSql,
  Shape,
  TEXT_POOLS_SQL,
} from './generate-read-models.sql';

interface Options {
  shape: Shape;
  runs: number;
  keep: boolean;
  reuse: string | undefined;
}

function options(argv: string[]): Options {
  const value = (flag: string, fallback: number) => {
    const at = argv.indexOf(flag);
    if (at === -1) return fallback;
    const n = Number(argv[at + 1]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a whole number above 0`);
    return n;
  };
  return {
    shape: {
      teams: 5,
      users: 50,
      repos: 20,
      branches: 200,
      sessions: value('--sessions', 1000),
      days: 30,
      commandsPerSession: value('--commands-per-session', 1000),
      firstDay: '2026-10-01T00:00:00Z',
    },
    runs: value('--runs', 200),
    keep: argv.includes('--keep'),
    reuse: argv.includes('--database') ? argv[argv.indexOf('--database') + 1] : undefined,
  };
}

const started = Date.now();
const log = (text: string) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${text}`);

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const result = await work();
  log(`${label} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  return result;
}

async function generate(client: Client, shape: Shape): Promise<void> {
  await client.query(
    `SET synchronous_commit = off; SET maintenance_work_mem = '1GB'; SET work_mem = '256MB'; SELECT setseed(0.2026)`,
  );
  await client.query(FUNCTIONS_SQL);
  await client.query(accountsSql(shape));
  await timed(`${shape.sessions} sessions planned`, () => client.query(sessionsSql(shape)));
  await timed('text pools: 200000 command lines, 50000 output blocks', () =>
    client.query(TEXT_POOLS_SQL),
  );
  // Loading into indexed tables is several times slower than building the same indexes afterwards.
  const indexes: Array<{ indexname: string; indexdef: string }> = (
    await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('commands', 'activity') AND indexname NOT LIKE '%_pkey'`,
    )
  ).rows;
  for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);
  const chunk = Math.max(1, Math.floor(shape.sessions / 10));
  for (let from = 1; from <= shape.sessions; from += chunk) {
    const to = Math.min(from + chunk - 1, shape.sessions);
    await timed(`commands of sessions ${from}-${to} of ${shape.sessions}`, () =>
      client.query(commandsSql(shape, from, to)),
    );
  }
  await timed('activity and sessions', () => client.query(activitySql(shape)));
  for (const index of indexes)
    await timed(`index ${index.indexname}`, () => client.query(index.indexdef));
  await timed('vacuum analyze', () => client.query('VACUUM ANALYZE sessions, commands, activity'));
  const counts = (
    await client.query(`SELECT (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM commands) AS commands,
      (SELECT count(*) FROM activity) AS activity, pg_size_pretty(pg_database_size(current_database())) AS size`)
  ).rows[0];
  log(
    `generated: ${counts.sessions} sessions, ${counts.commands} commands, ${counts.activity} activity rows; database ${counts.size}`,
  );
}

// Deterministic choices, so two runs ask the same questions.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Question {
  kind: string;
  path: string;
}

async function questions(client: Client, shape: Shape, runs: number): Promise<Question[]> {
  const pick = random(7);
  const choose = <T>(items: T[]) => items[Math.floor(pick() * items.length)]!;
  // Branch and day pairs someone worked on: the question people ask ("what happened on X on Tuesday").
  const workedOn: Array<{ branch: string; day: Date }> = (
    await client.query(
      `SELECT DISTINCT unnest(branches) AS branch, date_trunc('day', started_at, 'UTC') AS day FROM sessions ORDER BY 1, 2`,
    )
  ).rows;
  const word = async (from: number, to: number) =>
    (await client.query('SELECT bench_word($1) AS w', [from + Math.floor(pick() * (to - from))]))
      .rows[0].w as string;
  const phrase = async () => {
    const text: string = (
      await client.query('SELECT text FROM bench_output_blocks WHERE id = $1', [
        Math.floor(pick() * 50000),
      ])
    ).rows[0].text;
    const words = text.split(/\s+/).filter((w) => /^[a-z]{4,}$/.test(w));
    const at = Math.floor(pick() * Math.max(words.length - 1, 1));
    return encodeURIComponent(words.slice(at, at + 2).join(' ') || 'done');
  };
  // A word of some command's line, asked on that command's branch: a question with an answer.
  const commandOnBranch = async () => {
    const session = `bench-${String(1 + Math.floor(pick() * shape.sessions)).padStart(6, '0')}`;
    const k = 1 + Math.floor(pick() * shape.commandsPerSession);
    const { branch, command_line: line } = (
      await client.query(
        'SELECT branch, command_line FROM commands WHERE session_id = $1 AND command_id = $2',
        [session, `c${k}`],
      )
    ).rows[0];
    const words = (line as string).split(/[^a-z]+/).filter((w) => w.length >= 4);
    return `q=${words[Math.floor(pick() * words.length)] ?? 'status'}&branch=${encodeURIComponent(branch)}`;
  };
  const range = (start: number) =>
    `since=${new Date(start).toISOString()}&until=${new Date(start + 86_400_000).toISOString()}`;
  const day = () =>
    range(Date.parse(shape.firstDay) + Math.floor(pick() * shape.days) * 86_400_000);
  const asked: Question[] = [];
  for (let i = 0; i < runs; i++) {
    const { branch, day: on } = choose(workedOn);
    asked.push({
      kind: 'timeline --branch X --on DAY',
      path: `/api/v1/timeline?branch=${encodeURIComponent(branch)}&${range(on.getTime())}&limit=500`,
    });
  }
  for (let i = 0; i < runs; i++)
    asked.push({ kind: 'timeline --on DAY (team)', path: `/api/v1/timeline?${day()}&limit=500` });
  const searches: Array<[string, () => Promise<string>, number]> = [
    ['search rare word', async () => `q=${await word(1600, 5000)}`, 0.35],
    ['search medium word', async () => `q=${await word(150, 1600)}`, 0.25],
    ['search common word', async () => `q=${await word(0, 150)}`, 0.1],
    ['search two words of an output', async () => `q=${await phrase()}`, 0.1],
    ['search substring', async () => `q=${(await word(1600, 5000)).slice(0, 4)}`, 0.1],
    ['search word --branch', commandOnBranch, 0.1],
  ];
  for (const [kind, query, share] of searches) {
    for (let i = 0; i < Math.round(runs * share); i++)
      asked.push({ kind, path: `/api/v1/search?${await query()}&limit=20` });
  }
  return asked;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function report(label: string, samples: Array<{ ms: number; rows: number }>): void {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const rows = samples.reduce((sum, s) => sum + s.rows, 0) / samples.length;
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(
    `${label.padEnd(30)} n=${String(samples.length).padStart(4)}  p50 ${f(percentile(ms, 50))} ms  p95 ${f(percentile(ms, 95))} ms  max ${f(ms[ms.length - 1]!)} ms  rows/answer ${rows.toFixed(0)}`,
  );
}

async function ask(baseUrl: string, token: string, asked: Question[]): Promise<void> {
  const samples = new Map<string, Array<{ ms: number; rows: number; path: string }>>();
  for (const question of asked.slice(0, 20))
    await fetch(baseUrl + question.path, { headers: { authorization: `Bearer ${token}` } });
  for (const question of asked) {
    const t0 = performance.now();
    const response = await fetch(baseUrl + question.path, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { items?: unknown[]; message?: string };
    const ms = performance.now() - t0;
    if (response.status !== 200)
      throw new Error(`${question.path}: ${response.status} ${body.message}`);
    const list = samples.get(question.kind) ?? [];
    list.push({ ms, rows: body.items!.length, path: question.path });
    samples.set(question.kind, list);
  }
  console.log('\nlatency over HTTP (auth + query + JSON), one request at a time:');
  for (const [kind, list] of samples) report(kind, list);
  const slowest = [...samples.values()]
    .flat()
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  console.log(
    `slowest: ${slowest.map((s) => `${s.ms.toFixed(0)} ms ${s.path}`).join('\n         ')}`,
  );
  const searches = [...samples]
    .filter(([kind]) => kind.startsWith('search'))
    .flatMap(([, list]) => list);
  report('search (all kinds)', searches);
}

async function main(): Promise<void> {
  const { shape, runs, keep, reuse } = options(process.argv.slice(2));
  const serverUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = reuse ?? `bt_bench_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  if (!reuse) await admin.query(`CREATE DATABASE ${name}`);
  const url = testing.withDatabase(serverUrl, name);
  log(`database ${name}; shape ${JSON.stringify(shape)}`);
  const client = new Client({ connectionString: url });
  try {
    await runMigrations(url);
    await client.connect();
    if (!reuse) await generate(client, shape);
    await askTheGateway(url, client, shape, runs);
  } finally {
    await client.end();
    if (keep || reuse) log(`kept database ${name} (drop it with: psql -c 'DROP DATABASE ${name}')`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function askTheGateway(
  url: string,
  client: Client,
  shape: Shape,
  runs: number,
): Promise<void> {
  const dataSource = await createDataSource({
    url,
    poolSize: 4,
    applicationName: 'backtrack-bench',
  }).initialize();
  const bus = new EmbeddedBus();
  const app = await createGatewayApp({ db: dataSource, bus }, { logLevels: ['error'] });
  try {
    await app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const reader = `bench-reader-${Date.now().toString(36)}`;
    await createUser(dataSource, reader, 'team-1');
    const { token } = await createToken(dataSource, reader, 'bench');
    log(
      `asking as ${reader} (team-1: ${shape.users / shape.teams} of ${shape.users} users' sessions visible)`,
    );
    await ask(baseUrl, token, await questions(client, shape, runs));
  } finally {
    await app.close();
    await bus.close();
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  console.error(`bench:query failed: ${error.stack ?? error.message}`);
  process.exitCode = 1;
});
