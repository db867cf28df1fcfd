import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueName } from '@backtrack/testing';
import { gatewayProgram } from '../src/admin-cli/gateway-program';
import { GatewayTestContext } from './gateway-test-context';

describe('backtrack-gateway admin commands', () => {
  let ctx: GatewayTestContext;

  beforeAll(async () => {
    ctx = await GatewayTestContext.start();
  });
  afterAll(() => ctx.close());

  // Runs one command line as a user would, returning what went to stdout (for scripts) and stderr (for people).
  async function run(...args: string[]): Promise<{ out: string[]; notes: string[] }> {
    const out: string[] = [];
    const notes: string[] = [];
    const program = gatewayProgram({
      out: (l) => out.push(l),
      note: (l) => notes.push(l),
      env: { DATABASE_URL: ctx.database.url },
    });
    program.configureOutput({ writeErr: (s) => notes.push(s), writeOut: (s) => out.push(s) });
    await program.parseAsync(['node', 'backtrack-gateway', ...args]);
    return { out, notes };
  }

  it('creates a team, a user and a token that then authenticates; revoking it locks it out', async () => {
    const team = uniqueName('core');
    const user = uniqueName('ada');
    const created = await run('create-team', team);
    expect(created.out[0]).toMatch(/^[0-9a-f-]{36}$/);
    await run('create-user', user, '--team', team);
    const token = await run('create-token', user, '--label', 'laptop');
    const plain = token.out[0]!;
    expect(plain).toMatch(/^bt_[A-Za-z0-9_-]{43}$/);
    expect(token.notes.join('\n')).toMatch(/shown once/);

    const me = await ctx.get('/api/v1/me', plain);
    expect(me.body).toEqual({
      user,
      team: { id: created.out[0], name: team },
      tokenId: expect.any(String),
    });

    expect((await run('revoke-token', me.body.tokenId)).out).toEqual([me.body.tokenId]);
    expect((await ctx.get('/api/v1/me', plain)).status).toBe(401);
  });

  it('explains what is wrong instead of failing obscurely', async () => {
    const team = uniqueName('dup');
    await run('create-team', team);
    await expect(run('create-team', team)).rejects.toThrow(`a team named "${team}" already exists`);
    await expect(run('create-user', 'zed', '--team', 'no-such-team')).rejects.toThrow(
      /no team "no-such-team"; create it first/,
    );
    await expect(run('create-token', 'nobody-here')).rejects.toThrow(/no user "nobody-here"/);
    await expect(run('revoke-token', 'abc')).rejects.toThrow(/"abc" is not a token id/);
    await expect(run('revoke-token', '00000000-0000-4000-8000-000000000000')).rejects.toThrow(
      /no token with id/,
    );
  });

  it('without DATABASE_URL, works on the embedded database of `start` in --data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'backtrack-admin-embedded-'));
    const embedded = (...args: string[]) => {
      const out: string[] = [];
      const program = gatewayProgram({ out: (l) => out.push(l), note: () => undefined, env: {} });
      return program
        .parseAsync(['node', 'backtrack-gateway', ...args, '--data', dataDir])
        .then(() => out);
    };
    try {
      await embedded('create-team', 'home');
      await embedded('create-user', 'ada', '--team', 'home');
      expect(await embedded('create-token', 'ada')).toEqual([expect.stringMatching(/^bt_/)]);
      await expect(embedded('create-team', 'home')).rejects.toThrow(
        'a team named "home" already exists',
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
