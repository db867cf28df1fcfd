import { createEvent, EventBatch, uuidv7 } from '@backtrack/events';
import { expectEventually } from '@backtrack/testing';
import { LocalServerTestContext } from './local-server-test-context';

// Output-heavy batches from many agents at once: were batches acknowledged on arrival, the projector would still be
// behind when the server dies (it is: without durable groups in the embedded bus the kill -9 case loses batches).
const SESSIONS = 24;
const BATCHES_EACH = 30;
const EVENTS_EACH = 20;

describe('backtrack-gateway start: stopped in the middle of a burst of batches', () => {
  let ctx: LocalServerTestContext;

  beforeEach(() => {
    ctx = new LocalServerTestContext();
  });
  afterEach(() => ctx.dispose());

  it('keep every batch it acknowledged, exactly once, after kill -9 and a restart on the same data', async () => {
    await ctx.start();
    const agents = Agents.send(ctx);
    await agents.untilHalfAcknowledged();

    await ctx.crash();
    await agents.stopped;
    await ctx.start();

    expect(await agents.lostOrRepeated()).toEqual({ lost: [], repeated: [] });
  }, 300_000);

  it('on Ctrl-C, answer only the batches already in flight, then keep every one it acknowledged', async () => {
    await ctx.start();
    const agents = Agents.send(ctx);
    await agents.untilHalfAcknowledged();

    const ackedBefore = agents.acknowledged();
    expect((await ctx.stop()).code).toBe(0);
    await agents.stopped;
    // Busy keep-alive connections must not hold the stop open: each agent gets at most its batch in flight answered,
    // and one more sent before the stop began.
    expect(agents.acknowledged()).toBeLessThanOrEqual(ackedBefore + 2 * SESSIONS);
    await ctx.start();

    expect(await agents.lostOrRepeated()).toEqual({ lost: [], repeated: [] });
  }, 300_000);
});

// Capture agents, one per session, each sending its batches one after another as `backtrack record` does, until the
// server stops answering.
class Agents {
  private readonly acked = new Map<string, number>();
  stopped: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly ctx: LocalServerTestContext,
    private readonly sessions: Map<string, EventBatch[]>,
  ) {}

  static send(ctx: LocalServerTestContext): Agents {
    const agents = new Agents(ctx, agentSessions(ctx.savedLogin().user!));
    agents.stopped = Promise.all(
      [...agents.sessions].map(async ([sessionId, batches]) => {
        for (const batch of batches) {
          if (!(await ctx.ingest(batch))) return;
          agents.acked.set(sessionId, (agents.acked.get(sessionId) ?? 0) + 1);
        }
      }),
    );
    return agents;
  }

  acknowledged(): number {
    return [...this.acked.values()].reduce((sum, n) => sum + n, 0);
  }

  async untilHalfAcknowledged(): Promise<void> {
    await expectEventually(
      () => expect(this.acknowledged()).toBeGreaterThanOrEqual((SESSIONS * BATCHES_EACH) / 2),
      { timeoutMs: 120_000 },
    );
  }

  // Per session, acknowledged events missing from the store, and any event stored twice (read through the REST API).
  async lostOrRepeated(): Promise<{ lost: string[]; repeated: string[] }> {
    const lost: string[] = [];
    const repeated: string[] = [];
    for (const sessionId of this.sessions.keys()) {
      const stored = await this.ctx.storedSeqs(sessionId);
      const acked = (this.acked.get(sessionId) ?? 0) * EVENTS_EACH;
      const missing = seqsUpTo(acked).filter((seq) => !stored.includes(seq));
      if (missing.length > 0)
        lost.push(`${sessionId}: ${missing.length} of ${acked} acknowledged events`);
      if (new Set(stored).size !== stored.length) repeated.push(sessionId);
    }
    return { lost, repeated };
  }
}

function agentSessions(user: string): Map<string, EventBatch[]> {
  const sessions = new Map<string, EventBatch[]>();
  for (let s = 0; s < SESSIONS; s++) {
    const sessionId = uuidv7();
    const batches = Array.from({ length: BATCHES_EACH }, (_, b) => ({
      sessionId,
      events: Array.from({ length: EVENTS_EACH }, (_, e) =>
        createEvent({
          sessionId,
          seq: b * EVENTS_EACH + e + 1,
          type: 'terminal.output',
          payload: { data: `$ make test # line ${b * EVENTS_EACH + e + 1}\r\n`.repeat(40) },
          actor: { user, host: 'laptop' },
        }),
      ),
    }));
    sessions.set(sessionId, batches);
  }
  return sessions;
}

function seqsUpTo(last: number): number[] {
  return Array.from({ length: last }, (_, i) => i + 1);
}
