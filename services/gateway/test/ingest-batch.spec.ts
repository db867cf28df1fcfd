import {
  BATCH_CONTENT_TYPE,
  createEvent,
  EventBatch,
  MAX_BATCH_BYTES,
  uuidv7,
} from '@backtrack/events';
import { expectEventually } from '@backtrack/testing';
import { GatewayTestContext, Member } from './gateway-test-context';

describe('POST /api/v1/ingest', () => {
  let ctx: GatewayTestContext;
  let ada: Member;
  let bus: Awaited<ReturnType<GatewayTestContext['subscribe']>>;

  beforeAll(async () => {
    ctx = await GatewayTestContext.start();
    ada = await ctx.teamWithUser('a', 'ada');
    bus = await ctx.subscribe();
  });
  afterAll(async () => {
    await bus.close();
    await ctx.close();
  });

  const batchBy = (user: string, sessionId = uuidv7(), count = 3): EventBatch => ({
    sessionId,
    events: Array.from({ length: count }, (_, i) =>
      createEvent({
        sessionId,
        seq: i + 1,
        type: 'terminal.output',
        payload: { data: `line ${i}\n` },
        actor: { user, host: 'laptop' },
      }),
    ),
  });
  const published = (sessionId: string) => bus.batches.filter((b) => b.sessionId === sessionId);

  it('accepts a valid batch once the bus has it', async () => {
    const batch = batchBy(ada.user);
    const reply = await ctx.ingestBatch(batch, ada.token);
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ accepted: 3 });
    await expectEventually(() =>
      expect(published(batch.sessionId).map((b) => b.events.map((e) => e.seq))).toEqual([
        [1, 2, 3],
      ]),
    );
  });

  it('rejects the whole batch when one event is invalid, naming its seq and field', async () => {
    const batch = batchBy(ada.user);
    const raw = JSON.parse(JSON.stringify(batch));
    raw.events[1].payload = { data: 42 };
    const reply = await ctx.ingest(JSON.stringify({ batch: 1, ...raw }), ada.token);
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/1 of 3 events are invalid.*nothing was accepted/);
    expect(reply.body.rejected).toEqual([
      {
        seq: 2,
        type: 'terminal.output',
        field: 'payload.data',
        reason: expect.stringContaining('field "payload.data"'),
      },
    ]);
    await sendsNothingFor(batch.sessionId);
  });

  it('rejects a body that is not a batch', async () => {
    const reply = await ctx.ingest('{"batch":2}', ada.token);
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/unsupported batch format 2/);
  });

  it("refuses events by another user than the token's", async () => {
    const batch = batchBy('mallory');
    const reply = await ctx.ingestBatch(batch, ada.token);
    expect(reply.status).toBe(403);
    expect(reply.body.message).toMatch(/seq 1 is by "mallory" but the token belongs to/);
    await sendsNothingFor(batch.sessionId);
  });

  it("refuses events into another user's session", async () => {
    const bob = await ctx.userIn(ada.team, 'bob');
    const { sessionId } = await ctx.seedSession({
      user: bob.user,
      startedAt: '2026-11-17T09:00:00Z',
    });
    const reply = await ctx.ingestBatch(batchBy(ada.user, sessionId), ada.token);
    expect(reply.status).toBe(403);
    expect(reply.body.message).toMatch(/belongs to another user/);
  });

  it('refuses another content type and an oversized body', async () => {
    const batch = batchBy(ada.user);
    const json = await ctx.ingest(JSON.stringify(batch), ada.token, 'application/json');
    expect(json.status).toBe(415);
    expect(json.body.message).toMatch(
      /content-type must be "application\/vnd.backtrack.batch\+json; version=1"/,
    );
    const huge = await ctx.ingest(Buffer.alloc(MAX_BATCH_BYTES + 1, 0x20), ada.token);
    expect(huge.status).toBe(413);
    expect(huge.body.message).toMatch(/over the limit of 8388608 bytes/);
  });

  it('refuses an oversized body sent without a content-length, as soon as it passes the limit', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${ctx.baseUrl}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ada.token}`, 'content-type': BATCH_CONTENT_TYPE },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toMatch(/over the limit/);
  });

  it('needs a token', async () => {
    const batch = batchBy(ada.user);
    expect((await ctx.ingestBatch(batch, '')).status).toBe(401);
    await sendsNothingFor(batch.sessionId);
  });

  // A marker batch sent after the refused one is delivered: had the refused one been published, it would have been too.
  async function sendsNothingFor(sessionId: string): Promise<void> {
    const marker = batchBy(ada.user);
    expect((await ctx.ingestBatch(marker, ada.token)).status).toBe(202);
    await expectEventually(() => expect(published(marker.sessionId)).toHaveLength(1));
    expect(published(sessionId)).toEqual([]);
  }
});
