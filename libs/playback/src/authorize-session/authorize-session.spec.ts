import { PlaybackTestContext } from '../testing/playback-test-context';
import { authorizeSession } from './authorize-session';

describe('authorize a session follow or playback', () => {
  let ctx: PlaybackTestContext;
  beforeAll(async () => {
    ctx = await PlaybackTestContext.create();
  });
  afterAll(() => ctx.close());

  it("allow anyone in the team of the session's owner, and nobody else", async () => {
    const { sessionId } = await ctx.recordSession({ events: 5 }); // recorded by ada
    const ada = await ctx.tokenFor('ada', 'platform');
    const carol = await ctx.tokenFor('carol', 'platform');
    const bob = await ctx.tokenFor('bob', 'payments');

    expect(await authorizeSession(ctx.db, ada.token, sessionId)).toMatchObject({
      kind: 'allowed',
      user: 'ada',
    });
    expect(await authorizeSession(ctx.db, carol.token, sessionId)).toMatchObject({
      kind: 'allowed',
      user: 'carol',
    });
    expect(await authorizeSession(ctx.db, bob.token, sessionId)).toEqual({
      kind: 'not-found',
      message: `no session ${sessionId}`,
    });
  });

  it('answer a session that does not exist as one of another team: not found', async () => {
    const ada = await ctx.tokenFor('ada2', 'platform');

    expect(await authorizeSession(ctx.db, ada.token, 'no-such-session')).toEqual({
      kind: 'not-found',
      message: 'no session no-such-session',
    });
  });

  it('turn away a missing, unknown or revoked token as unauthenticated', async () => {
    const { sessionId } = await ctx.recordSession({ events: 5 });
    const dave = await ctx.tokenFor('dave', 'platform');
    await ctx.revoke(dave.tokenId);

    expect(await authorizeSession(ctx.db, undefined, sessionId)).toMatchObject({
      kind: 'unauthenticated',
      message: 'missing token: send "Authorization: Bearer <token>" or ?token=<token>',
    });
    expect(await authorizeSession(ctx.db, 'bt_not-a-token', sessionId)).toMatchObject({
      kind: 'unauthenticated',
      message: expect.stringContaining('unknown token'),
    });
    expect(await authorizeSession(ctx.db, dave.token, sessionId)).toMatchObject({
      kind: 'unauthenticated',
      message: expect.stringContaining('token was revoked on'),
    });
  });
});
