import { createHash } from 'node:crypto';
import { expectEventually } from '@backtrack/testing';
import { Member } from '../gateway-test-context';
import {
  FAILING_LOGIN,
  FAILING_LOGIN_END,
  MOMENT_OFFSET_MS,
  MOMENT_TEXT,
} from './failing-login.recording';
import { Recording, ShareTestContext } from './share-test-context';

describe('share links', () => {
  let ctx: ShareTestContext;
  let ada: Member;
  let bob: Member;
  let eve: Member;
  let session: Recording;
  let moment: number;

  beforeAll(async () => {
    ctx = await ShareTestContext.start();
    ada = await ctx.teamWithUser('a', 'ada');
    bob = await ctx.userIn(ada.team, 'bob');
    eve = await ctx.teamWithUser('e', 'eve');
    session = await ctx.recordSession(ada, FAILING_LOGIN, {
      endAt: FAILING_LOGIN_END,
      title: 'login bug',
    });
    moment = session.seqOf(MOMENT_TEXT);
  });
  afterAll(() => ctx.close());

  describe('POST /api/v1/sessions/:id/shares', () => {
    it('names the exact event shown at a time: the last one at or before it', async () => {
      const link = await ctx.shareLink(ada, session.sessionId, {
        at: { offsetMs: MOMENT_OFFSET_MS + 400 },
        label: 'the failing test',
      });
      expect(link).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        sessionId: session.sessionId,
        seq: moment,
        label: 'the failing test',
        createdBy: ada.user,
        createdAt: expect.any(String),
        expiresAt: null,
        revokedAt: null,
        token: expect.stringMatching(/^bts_[A-Za-z0-9_-]{43}$/),
        url: `${ctx.baseUrl}/s/${link.token}`,
      });
      const justBefore = await ctx.shareLink(ada, session.sessionId, {
        at: { offsetMs: MOMENT_OFFSET_MS - 1 },
      });
      expect(justBefore.seq).toBe(moment - 1);
    });

    it('takes a seq as it is, and the last event so far when no moment is given', async () => {
      expect((await ctx.shareLink(bob, session.sessionId, { at: { seq: 3 } })).seq).toBe(3);
      expect((await ctx.shareLink(ada, session.sessionId)).seq).toBe(session.events.length);
    });

    it('expires after expiresIn, or at expiresAt', async () => {
      const before = Date.now();
      const week = await ctx.shareLink(ada, session.sessionId, { expiresIn: '7d' });
      const expected = before + 7 * 86_400_000;
      expect(Date.parse(week.expiresAt)).toBeGreaterThanOrEqual(expected);
      expect(Date.parse(week.expiresAt)).toBeLessThan(expected + 60_000);
      const fixed = await ctx.shareLink(ada, session.sessionId, {
        expiresAt: '2099-01-01T00:00:00+01:00',
      });
      expect(fixed.expiresAt).toBe('2098-12-31T23:00:00.000Z');
    });

    it.each([
      [{ at: { seq: 0 } }, /body field "at" must be \{"seq": N\}/],
      [{ at: { offsetMs: -5 } }, /body field "at" must be/],
      [{ at: { seq: 1, offsetMs: 0 } }, /body field "at" must be/],
      [{ at: '23:22' }, /body field "at" must be/],
      [
        { expiresIn: '7 days' },
        /"expiresIn" must be a duration from 1m to 366d such as 30m, 24h, 7d/,
      ],
      [{ expiresIn: '0d' }, /"expiresIn" must be a duration/],
      [{ expiresAt: 'tomorrow' }, /"expiresAt" must be an ISO-8601 date-time with a zone/],
      [{ expiresAt: '2020-01-01T00:00:00Z' }, /"expiresAt" .* is in the past/],
      [
        { expiresAt: '2099-01-01T00:00:00Z', expiresIn: '1d' },
        /either .*"expiresAt" or "expiresIn"/,
      ],
      [{ label: 'x'.repeat(201) }, /"label" must be text of at most 200 characters/],
      [{ moment: 12 }, /unknown body field "moment"; expected at, expiresAt, expiresIn, label/],
      [[1, 2], /the body must be a JSON object/],
      [{ at: { seq: 999 } }, /has no event seq 999 \(its last is \d+\)/],
    ])('refuses %j, naming what is wrong', async (body, message) => {
      const reply = await ctx.share(ada, session.sessionId, body);
      expect(reply.status).toBe(400);
      expect(reply.body.message).toMatch(message);
    });

    it('refuses a body that is not JSON', async () => {
      const path = `/api/v1/sessions/${session.sessionId}/shares`;
      const form = await ctx.request('POST', path, {
        token: ada.token,
        body: 'at=3',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);
      expect(form.body.message).toMatch(/Content-Type: application\/json/);
      const broken = await ctx.request('POST', path, {
        token: ada.token,
        body: '{"at":',
        headers: { 'content-type': 'application/json' },
      });
      expect(broken.status).toBe(400);
      expect(broken.body.message).toMatch(/the body is not JSON/);
    });

    it('answers 404 for a session that does not exist and 409 for one with no events yet', async () => {
      const missing = await ctx.share(ada, 'no-such-session');
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe(`no session "no-such-session" in team ${ada.team}`);
      const empty = await ctx.gateway.seedSession({
        user: ada.user,
        startedAt: '2026-11-17T09:00:00Z',
      });
      const reply = await ctx.share(ada, empty.sessionId);
      expect(reply.status).toBe(409);
      expect(reply.body.message).toMatch(/has no recorded events yet/);
    });
  });

  describe('GET /api/v1/shared/:token (no account)', () => {
    it('opens the moment with a summary of its session', async () => {
      const link = await ctx.shareLink(ada, session.sessionId, {
        at: { seq: moment },
        label: 'look',
      });
      const reply = await ctx.shared(link.token);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('cache-control')).toBe('no-store');
      expect(reply.body).toEqual({
        sessionId: session.sessionId,
        seq: moment,
        at: new Date(session.startedAt + MOMENT_OFFSET_MS).toISOString(),
        offsetMs: MOMENT_OFFSET_MS,
        label: 'look',
        expiresAt: null,
        session: {
          title: 'login bug',
          user: ada.user,
          host: `${ada.user}-laptop`,
          repo: null,
          startedAt: new Date(session.startedAt).toISOString(),
          endedAt: null,
          durationMs: (41 * 60 + 5) * 1000,
          cols: 80,
          rows: 24,
        },
      });
    });

    it("reads the shared session's events, a range at a time", async () => {
      const link = await ctx.shareLink(ada, session.sessionId, { at: { seq: moment } });
      const first = await ctx.shared(link.token, '/events?limit=3');
      expect(first.status).toBe(200);
      expect(first.body.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
      expect(first.body.nextAfter).toBe(3);
      const rest = await ctx.shared(link.token, '/events?after=3');
      expect(rest.body.nextAfter).toBeNull();
      expect([...first.body.items, ...rest.body.items]).toEqual(
        JSON.parse(JSON.stringify(session.events)),
      );
    });

    it('reaches its own session only, whatever else the request names', async () => {
      const other = await ctx.recordSession(ada, [{ at: '0:01', output: 'other session\r\n' }]);
      const link = await ctx.shareLink(ada, session.sessionId, { at: { seq: moment } });
      const named = await ctx.shared(link.token, `/events?sessionId=${other.sessionId}`);
      expect(named.status).toBe(400);
      expect(named.body.message).toMatch(/unknown query parameter "sessionId"/);
      const events = await ctx.shared(link.token, '/events?limit=5000');
      const sessions = new Set(events.body.items.map((e: { sessionId: string }) => e.sessionId));
      expect([...sessions]).toEqual([session.sessionId]);
    });

    it('answers 404 with a clear message for a token it never gave, and for an API token', async () => {
      for (const token of ['bts_' + 'A'.repeat(43), ada.token, 'nonsense']) {
        const reply = await ctx.shared(token);
        expect(reply.status).toBe(404);
        expect(reply.body.message).toMatch(/^no share link with this token/);
        expect((await ctx.shared(token, '/events')).status).toBe(404);
      }
    });

    it('stops opening once its expiry passes, saying so', async () => {
      const soon = new Date(Date.now() + 1500).toISOString();
      const link = await ctx.shareLink(ada, session.sessionId, { expiresAt: soon });
      expect((await ctx.shared(link.token)).status).toBe(200);
      await expectEventually(async () => {
        const reply = await ctx.shared(link.token);
        expect(reply.status).toBe(410);
        expect(reply.body.message).toBe(
          `this share link expired on ${link.expiresAt}; ask its author for a new one`,
        );
      });
      expect((await ctx.shared(link.token, '/events')).status).toBe(410);
    });
  });

  describe('GET /api/v1/sessions/:id/shares and DELETE /api/v1/shares/:id', () => {
    it("lists the session's links, newest first, without their tokens", async () => {
      const fresh = await ctx.recordSession(ada, FAILING_LOGIN);
      const first = await ctx.shareLink(ada, fresh.sessionId, { label: 'one' });
      const second = await ctx.shareLink(bob, fresh.sessionId, { label: 'two', expiresIn: '24h' });
      const reply = await ctx.listShares(bob, fresh.sessionId);
      expect(reply.status).toBe(200);
      const { token: _t1, url: _u1, ...firstListed } = first;
      const { token: _t2, url: _u2, ...secondListed } = second;
      expect(reply.body).toEqual({ items: [secondListed, firstListed] });
      expect(JSON.stringify(reply.body)).not.toContain(first.token.slice(4));
    });

    it('revokes a link: it stops opening at once, and revoking again changes nothing', async () => {
      const link = await ctx.shareLink(ada, session.sessionId, { at: { seq: moment } });
      expect((await ctx.revoke(bob, link.id)).status).toBe(204);
      const reply = await ctx.shared(link.token);
      expect(reply.status).toBe(410);
      expect(reply.body.message).toMatch(/^this share link was revoked on \d{4}-\d{2}-\d{2}T/);
      expect((await ctx.shared(link.token, '/events')).status).toBe(410);
      const listed = (await ctx.listShares(ada, session.sessionId)).body.items.find(
        (l: { id: string }) => l.id === link.id,
      );
      expect((await ctx.revoke(ada, link.id)).status).toBe(204);
      const again = (await ctx.listShares(ada, session.sessionId)).body.items.find(
        (l: { id: string }) => l.id === link.id,
      );
      expect(listed.revokedAt).toEqual(expect.any(String));
      expect(again.revokedAt).toBe(listed.revokedAt);
    });

    it('answers 404 for an id that is not a link of the team', async () => {
      const reply = await ctx.revoke(ada, 'not-a-uuid');
      expect(reply.status).toBe(404);
      expect(reply.body.message).toMatch(/no share link "not-a-uuid" in team .*ids are UUIDs/);
    });
  });

  describe('another team', () => {
    it("can neither make, list nor revoke links of a team's session, and learns nothing of it", async () => {
      const link = await ctx.shareLink(ada, session.sessionId, { at: { seq: moment } });

      const make = await ctx.share(eve, session.sessionId, { at: { seq: moment } });
      const list = await ctx.listShares(eve, session.sessionId);
      const revoke = await ctx.revoke(eve, link.id);

      expect([make.status, list.status, revoke.status]).toEqual([404, 404, 404]);
      expect(make.body.message).toBe(`no session "${session.sessionId}" in team ${eve.team}`);
      expect(list.body.message).toBe(make.body.message);
      expect((await ctx.shared(link.token)).status).toBe(200);
    });
  });

  describe('tokens', () => {
    it('stores only the SHA-256 of a token: nothing in the database holds the token', async () => {
      const link = await ctx.shareLink(ada, session.sessionId, { label: 'secret check' });
      const rows: Array<{ token_hash: Buffer; row: string }> = await ctx.db.query(
        'SELECT token_hash, row_to_json(l)::text AS row FROM share_links l WHERE id = $1',
        [link.id],
      );
      expect(rows[0]!.token_hash).toEqual(createHash('sha256').update(link.token).digest());
      const secret = link.token.slice('bts_'.length);
      expect(rows[0]!.row).not.toContain(secret);
      expect(rows[0]!.row).not.toContain(Buffer.from(secret, 'base64url').toString('hex'));
    });

    it('gives each link 256 fresh random bits', async () => {
      const links = await Promise.all(
        Array.from({ length: 16 }, () => ctx.shareLink(ada, session.sessionId)),
      );
      const secrets = links.map((l) => Buffer.from(l.token.slice('bts_'.length), 'base64url'));
      expect(secrets.every((s) => s.length === 32)).toBe(true);
      expect(new Set(secrets.map((s) => s.toString('hex'))).size).toBe(secrets.length);
      const bits = secrets.flatMap((s) => [...s].map((byte) => byte.toString(2).padStart(8, '0')));
      const ones =
        bits
          .join('')
          .split('')
          .filter((b) => b === '1').length /
        (bits.length * 8);
      expect(ones).toBeGreaterThan(0.45);
      expect(ones).toBeLessThan(0.55);
    });
  });
});
