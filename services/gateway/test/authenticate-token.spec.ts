import { GatewayTestContext, Member } from './gateway-test-context';
import { revokeToken } from '../src/revoke-token/revoke-token';
import { expectEventually } from '@backtrack/testing';

describe('authentication', () => {
  let ctx: GatewayTestContext;
  let ada: Member;

  beforeAll(async () => {
    ctx = await GatewayTestContext.start();
    ada = await ctx.teamWithUser('a', 'ada');
  });
  afterAll(() => ctx.close());

  it('tells who the token belongs to', async () => {
    const reply = await ctx.get('/api/v1/me', ada.token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      user: ada.user,
      team: { id: expect.any(String), name: ada.team },
      tokenId: ada.tokenId,
    });
  });

  it('refuses a request without a token, saying what is missing', async () => {
    const reply = await ctx.get('/api/v1/me');
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({
      statusCode: 401,
      message: expect.stringMatching(/missing Authorization header/),
    });
  });

  it('refuses an unknown token and a malformed header', async () => {
    const unknown = await ctx.get('/api/v1/me', 'bt_not-a-real-token');
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toMatch(/unknown token/);
    const basic = await fetch(`${ctx.baseUrl}/api/v1/me`, {
      headers: { authorization: 'Basic YWRhOnB3' },
    });
    expect(basic.status).toBe(401);
    expect(((await basic.json()) as { message: string }).message).toMatch(
      /expected "Bearer <token>"/,
    );
  });

  it('stores tokens only as SHA-256 hashes', async () => {
    const rows: Array<{ token_hash: Buffer }> = await ctx.db.query(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [ada.tokenId],
    );
    expect(rows[0]!.token_hash.length).toBe(32);
    expect(rows[0]!.token_hash.toString('utf8')).not.toContain(ada.token.slice(3, 20));
    expect(ada.token).toMatch(/^bt_[A-Za-z0-9_-]{43}$/);
  });

  it('records when a token was last used', async () => {
    const bob = await ctx.teamWithUser('b', 'bob');
    await ctx.get('/api/v1/me', bob.token);
    await expectEventually(async () => {
      const rows: Array<{ last_used_at: Date | null }> = await ctx.db.query(
        'SELECT last_used_at FROM api_tokens WHERE id = $1',
        [bob.tokenId],
      );
      expect(rows[0]!.last_used_at).toBeInstanceOf(Date);
    });
  });

  it('refuses a revoked token', async () => {
    const eve = await ctx.teamWithUser('e', 'eve');
    expect((await ctx.get('/api/v1/me', eve.token)).status).toBe(200);
    await revokeToken(ctx.db, eve.tokenId);
    const reply = await ctx.get('/api/v1/me', eve.token);
    expect(reply.status).toBe(401);
    expect(reply.body.message).toMatch(/revoked/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const reply = await ctx.get('/api/v1/nothing-here', ada.token);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ statusCode: 404, message: expect.any(String) });
  });
});
