import { testing } from '@backtrack/store';
import { CliRun, runOnce, serviceArgv, serviceEnv } from '@backtrack/testing';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SERVICE = join(__dirname, '..');

// `backtrack-replay` from its sources, with only the settings given (none of the machine's).
function backtrackReplay(args: string[], settings: Record<string, string>): Promise<CliRun> {
  const env = serviceEnv(settings);
  for (const name of ['DATABASE_URL', 'PORT', 'HOST', 'REPLAY_INSTANCE_ID'])
    if (!(name in settings)) delete env[name];
  return runOnce(serviceArgv('replay', ...args), env);
}

describe('the backtrack-replay command', () => {
  let empty: testing.TestDatabase;
  beforeAll(async () => {
    empty = await testing.createTestDatabase({ migrate: false });
  });
  afterAll(() => empty.drop());

  const tablesOf = async (database: testing.TestDatabase) =>
    database.dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);

  it('is the package bin', () => {
    const { bin } = JSON.parse(readFileSync(join(SERVICE, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(existsSync(join(SERVICE, bin['backtrack-replay']!))).toBe(true);
  });

  it('lists its settings on --help', async () => {
    const run = await backtrackReplay(['--help'], {});

    expect(run.code).toBe(0);
    for (const setting of [
      'DATABASE_URL',
      'BACKTRACK_BUS',
      'BACKTRACK_BUS_NAMESPACE',
      'PORT',
      'HOST',
      'REPLAY_INSTANCE_ID',
    ])
      expect(run.stdout).toMatch(new RegExp(`^  ${setting} `, 'm'));
  });

  it('says what is wrong with its settings and exits 1, before touching the database', async () => {
    const runs = await Promise.all([
      backtrackReplay([], {}),
      backtrackReplay([], { DATABASE_URL: empty.url, PORT: 'seventy' }),
      backtrackReplay([], { DATABASE_URL: empty.url, BACKTRACK_BUS: 'nats://127.0.0.1:4222' }),
      backtrackReplay([], {
        DATABASE_URL: empty.url,
        BACKTRACK_BUS: 'amqp://guest:secret@127.0.0.1:1',
      }),
      backtrackReplay(['--port', '7071'], { DATABASE_URL: empty.url }),
    ]);

    expect(runs.map((run) => run.code)).toEqual([1, 1, 1, 1, 1]);
    const [unset, port, scheme, unreachable, flag] = runs.map((run) => run.stderr);
    expect(unset).toMatch(/^backtrack-replay: DATABASE_URL is not set/);
    expect(port).toMatch(/^backtrack-replay: PORT must be a port number \(got "seventy"\)/);
    expect(scheme).toMatch(
      /^backtrack-replay: BACKTRACK_BUS must be amqp:\/\/user:password@host:5672 or kafka:/,
    );
    expect(unreachable).toMatch(
      /^backtrack-replay: cannot connect to RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1/,
    );
    expect(flag).toMatch(
      /^backtrack-replay: unexpected --port 7071: settings come from the environment/,
    );
    expect(await tablesOf(empty)).toEqual([]);
  });
});
