import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testing } from '@backtrack/store';
import { testServices } from '@backtrack/testing';
import { ensureLocalLogin } from '../../src/start-local-server/local-login';

// A machine's $BACKTRACK_HOME beside a server's database, for the login `start` leaves for the CLI.
class LocalLoginContext {
  readonly home = mkdtempSync(join(tmpdir(), 'bt-login-'));
  private constructor(readonly db: testing.TestDatabase) {}

  static async create(): Promise<LocalLoginContext> {
    return new LocalLoginContext(
      await testing.createTestDatabase({ serverUrl: testServices.databaseUrl, poolSize: 2 }),
    );
  }

  ensureLogin(server: string, env: NodeJS.ProcessEnv = { BACKTRACK_USER: 'ada' }) {
    return ensureLocalLogin(this.db.dataSource, server, this.home, env);
  }

  get saved(): { server?: string; token?: string } | undefined {
    const path = join(this.home, 'config.json');
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
  }

  save(login: object): void {
    writeFileSync(join(this.home, 'config.json'), JSON.stringify(login));
  }

  forget(): void {
    rmSync(join(this.home, 'config.json'));
  }

  users(): Promise<Array<{ name: string; team: string }>> {
    return this.db.dataSource.query(
      'SELECT u.name, t.name AS team FROM users u JOIN teams t ON t.id = u.team_id ORDER BY u.name',
    );
  }

  async dispose(): Promise<void> {
    await this.db.drop();
    rmSync(this.home, { recursive: true, force: true });
  }
}

describe('the login backtrack-gateway start leaves for the CLI', () => {
  let ctx: LocalLoginContext;

  beforeEach(async () => {
    ctx = await LocalLoginContext.create();
  });
  afterEach(() => ctx.dispose());

  it('make team local, the user and a token on the first start, and save them for the CLI', async () => {
    const told = await ctx.ensureLogin('http://127.0.0.1:7070');

    expect(await ctx.users()).toEqual([{ name: 'ada', team: 'local' }]);
    expect(ctx.saved).toEqual({
      server: 'http://127.0.0.1:7070',
      token: expect.any(String),
      user: 'ada',
    });
    expect(told.join('\n')).toContain(ctx.saved!.token);
  });

  it('follow the server to a new address with the same token, and say nothing when it stayed', async () => {
    await ctx.ensureLogin('http://127.0.0.1:7070');
    const token = ctx.saved!.token;

    expect(await ctx.ensureLogin('http://127.0.0.1:7070')).toEqual([]);
    expect(await ctx.ensureLogin('http://127.0.0.1:8080')).toEqual([
      expect.stringContaining('now points at http://127.0.0.1:8080'),
    ]);
    expect(ctx.saved).toEqual({ server: 'http://127.0.0.1:8080', token, user: 'ada' });
  });

  it('give the local user a new token when the saved login was deleted', async () => {
    await ctx.ensureLogin('http://127.0.0.1:7070');
    const lost = ctx.saved!.token;
    ctx.forget();

    await ctx.ensureLogin('http://127.0.0.1:7070');

    expect(ctx.saved).toEqual({
      server: 'http://127.0.0.1:7070',
      token: expect.any(String),
      user: 'ada',
    });
    expect(ctx.saved!.token).not.toBe(lost);
    expect(await ctx.users()).toHaveLength(1);
  });

  it('leave a login to another server alone, and say how to use this one', async () => {
    await ctx.ensureLogin('http://127.0.0.1:7070');
    ctx.save({ server: 'https://backtrack.example.com', token: 'bt_elsewhere' });

    const told = await ctx.ensureLogin('http://127.0.0.1:7070');

    expect(ctx.saved).toEqual({ server: 'https://backtrack.example.com', token: 'bt_elsewhere' });
    expect(told.join('\n')).toContain('--server http://127.0.0.1:7070');
  });

  it('refuse a user name the CLI could not record under, naming BACKTRACK_USER', async () => {
    await expect(
      ctx.ensureLogin('http://127.0.0.1:7070', { BACKTRACK_USER: 'ada lovelace' }),
    ).rejects.toThrow(
      'cannot name the local Backtrack user after "ada lovelace": set BACKTRACK_USER',
    );
  });
});
