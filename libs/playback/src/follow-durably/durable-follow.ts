import { Delivery, EventBus, Subscription } from '@backtrack/bus';
import { AnyEvent } from '@backtrack/events';
import { Queryable, readSessionEvents } from '@backtrack/store';
import { FollowSink } from '../follow-session/follow-session';
import { encodeMessage, ServerMessage } from '../protocol/messages';
import { screenAt } from '../seek/screen-at';
import { sessionBounds } from '../session-events/session-events';

export interface DurableFollowOptions {
  // Events read from the store at once while catching up or filling a gap.
  pageSize: number;
  // How soon to ask the store again for events it does not have yet (the projector lags).
  retryMs: number;
  // Batches taken from the queue before the first is acknowledged.
  prefetch: number;
  log: (line: string) => void;
}

export const DEFAULT_DURABLE_FOLLOW_OPTIONS: DurableFollowOptions = {
  pageSize: 500,
  retryMs: 250,
  prefetch: 8,
  log: (line) => console.warn(`[replay] ${line}`),
};

export interface DurableFollowSpec {
  sessionId: string;
  // The bus group that is this follower's queue (followQueueGroup).
  group: string;
  queue: string;
  after: number | undefined;
  sink: FollowSink;
}

// 'starting': subscribing; 'catching-up': reading the store while the queue waits; 'live': sending from the queue;
// 'finishing': closing and deleting the queue; 'stopped': let go of the queue, which keeps what was not sent.
type State = 'starting' | 'catching-up' | 'live' | 'finishing' | 'stopped';

// A follow with a queue of its own on the bus: what the follower has not been sent stays in the queue while it is
// away. Catch-up comes from the store first (the queue only has what was published after it was made), then batches
// from the queue, each acknowledged only once its events were written to the socket; seqs the follower has are
// dropped, so a redelivered batch is never shown twice, and a gap (a batch that never came) is filled from the store.
export class DurableFollow {
  private state: State = 'starting';
  // The last seq handed to the follower.
  private cursor: number;
  private subscription: Subscription | undefined;
  private openGate!: () => void;
  // Batches of the session wait here until the catch-up is done (or the follow is over).
  private readonly gate = new Promise<void>((resolve) => (this.openGate = resolve));
  private settle!: () => void;
  // Resolves once the queue is let go of: unsubscribed, and deleted when the follow finished.
  readonly done = new Promise<void>((resolve) => (this.settle = resolve));
  // The queue is the bus's to keep: on the embedded bus nothing outlives the process, and a durable group nobody
  // consumes would hold up every publish once full, so there the queue lasts as long as the connection.
  private readonly ephemeral: boolean;

  private constructor(
    private readonly db: Queryable,
    private readonly bus: EventBus,
    private readonly spec: DurableFollowSpec,
    private readonly options: DurableFollowOptions,
  ) {
    this.cursor = spec.after ?? 0;
    this.ephemeral = bus.kind === 'embedded';
  }

  // Resolves once the queue is subscribed (everything published from then on is kept for the follower); the
  // catch-up then goes on in the background.
  static async start(
    db: Queryable,
    bus: EventBus,
    spec: DurableFollowSpec,
    options: DurableFollowOptions,
  ): Promise<DurableFollow> {
    const follow = new DurableFollow(db, bus, spec, options);
    try {
      follow.subscription = await bus.subscribe(
        {
          group: spec.group,
          fromNow: true,
          prefetch: options.prefetch,
          ...(follow.ephemeral ? { ephemeral: true } : {}),
        },
        (delivery) => follow.receive(delivery),
      );
    } catch (error) {
      follow.state = 'stopped';
      follow.settle();
      throw error;
    }
    if (follow.state === 'stopped') {
      // The client left while the queue was being subscribed.
      await follow.subscription.abort().finally(() => follow.settle());
      return follow;
    }
    follow.state = 'catching-up';
    void follow
      .catchUp()
      .catch((error: Error) => follow.fail(`catching up failed: ${error.message}`));
    return follow;
  }

  get group(): string {
    return this.spec.group;
  }

  // The client asked to drop its queue: delete it, then close the connection.
  unfollow(): void {
    void this.finish('unfollowed');
  }

  // The client left, or the server stops: the queue keeps what was not sent, for the next connection with its name.
  stop(): Promise<void> {
    if (this.state === 'finishing' || this.state === 'stopped') return this.done;
    this.state = 'stopped';
    if (!this.subscription) return this.done; // start() lets go of it once subscribed
    // Aborted before any waiting handler returns: a handler that finishes after abort() settles nothing.
    const aborting = this.subscription.abort();
    this.openGate();
    aborting
      .catch((error: Error) =>
        this.options.log(`follow queue ${this.group}: letting go failed: ${error.message}`),
      )
      .finally(() => this.settle());
    return this.done;
  }

  // A newer connection asked for the same queue: this one is told and closed (1008), and the queue goes to it.
  async replaced(): Promise<void> {
    if (this.state === 'finishing' || this.state === 'stopped') return this.done;
    const stopping = this.stop();
    this.sendQuietly({
      type: 'error',
      message: `another connection took over queue ${this.spec.queue}`,
    });
    this.spec.sink.close?.(1008, 'queue taken over');
    await stopping;
  }

  private async catchUp(): Promise<void> {
    const { sessionId } = this.spec;
    if (this.spec.after === undefined) {
      const bounds = await sessionBounds(this.db, sessionId);
      const { seq, cols, rows, screen } = await screenAt(this.db, sessionId, {
        seq: bounds?.lastSeq ?? 0,
      });
      if (!(await this.write({ type: 'snapshot', seq, cols, rows, screen }, seq))) return;
    }
    for (;;) {
      if (this.state !== 'catching-up') return;
      const page = await readSessionEvents(this.db, sessionId, {
        afterSeq: this.cursor,
        limit: this.options.pageSize,
      });
      if (page.length === 0) break;
      if (!(await this.sendEvents(page))) return;
      if (page.length < this.options.pageSize) break;
    }
    if (this.state !== 'catching-up') return;
    // Reconnected after the last event but before `ended` reached it.
    const bounds = await sessionBounds(this.db, sessionId);
    if (bounds?.ended && bounds.lastSeq <= this.cursor) {
      await this.sendEnded(bounds.ended.exitCode);
      return;
    }
    this.state = 'live';
    this.openGate();
  }

  // Resolving acknowledges the batch: only once its events are written, or it had none the follower lacks.
  private async receive({ batch }: Delivery): Promise<void> {
    if (batch.sessionId !== this.spec.sessionId) return; // the queue gets the whole bus: others are dropped
    await this.gate;
    try {
      if (this.state !== 'live') return; // over: stopped (nothing settles after the abort) or being deleted
      const first = batch.events.find((event) => event.seq > this.cursor);
      if (!first) return; // redelivered, or already read from the store
      if (first.seq > this.cursor + 1 && !(await this.fillFromStore(first.seq - 1))) return;
      const fresh = batch.events.filter((event) => event.seq > this.cursor);
      if (fresh.length > 0) await this.sendEvents(fresh);
    } catch (error) {
      this.fail(`following failed: ${(error as Error).message}`);
    }
  }

  // Events before the batch that the queue never had (published before it was made, or dead-lettered by the broker):
  // from the store, waiting for the projector if need be. A seq the store skipped over will never come.
  private async fillFromStore(untilSeq: number): Promise<boolean> {
    while (this.cursor < untilSeq && this.state === 'live') {
      const page = await readSessionEvents(this.db, this.spec.sessionId, {
        afterSeq: this.cursor,
        limit: Math.min(this.options.pageSize, untilSeq - this.cursor),
      });
      const missing = page.filter((event) => event.seq <= untilSeq);
      if (missing.length > 0) {
        if (!(await this.sendEvents(missing))) return false;
      } else if (page.length > 0) {
        this.options.log(
          `follow queue ${this.group}: events ${this.cursor + 1}..${untilSeq} are not in the store; going on without them`,
        );
        return true;
      } else await new Promise((resolve) => setTimeout(resolve, this.options.retryMs).unref());
    }
    return this.state === 'live';
  }

  // false: the follow is over (the client left, or the session ended with these events).
  private async sendEvents(events: AnyEvent[]): Promise<boolean> {
    const last = events[events.length - 1]!.seq;
    if (!(await this.write({ type: 'events', events }, last))) return false;
    const ended = events.find((event) => event.type === 'session.ended');
    if (ended?.type !== 'session.ended') return true;
    await this.sendEnded(ended.payload.exitCode ?? null);
    return false;
  }

  // The follower has everything: its queue has nothing more to keep for it.
  private async sendEnded(exitCode: number | null): Promise<void> {
    if (await this.write({ type: 'ended', exitCode })) void this.finish('ended');
  }

  // Resolves once the socket took the message; false when it could not, and the follow is then stopped.
  private async write(message: ServerMessage, seq?: number): Promise<boolean> {
    if (this.state !== 'catching-up' && this.state !== 'live') return false;
    if (seq !== undefined) this.cursor = seq;
    try {
      await this.spec.sink.send(encodeMessage(message));
      return true;
    } catch {
      void this.stop();
      return false;
    }
  }

  private sendQuietly(message: ServerMessage): void {
    this.spec.sink.send(encodeMessage(message)).catch(() => undefined);
  }

  // Over for good: let go of the subscription, delete the queue, close the connection. Aborted, not closed: nothing it
  // holds needs acknowledging, and a close would wait for a write to a client that may have stopped reading.
  private async finish(why: 'ended' | 'unfollowed'): Promise<void> {
    if (this.state === 'finishing' || this.state === 'stopped') return;
    this.state = 'finishing';
    this.openGate();
    try {
      await this.subscription?.abort();
      if (!this.ephemeral) await this.bus.deleteGroup(this.group);
    } catch (error) {
      this.options.log(
        `follow queue ${this.group}: deleting it failed: ${(error as Error).message}`,
      );
    }
    this.state = 'stopped';
    this.settle();
    if (this.spec.sink.close)
      this.spec.sink.close(1000, why === 'ended' ? 'session ended' : 'unfollowed');
    else this.spec.sink.end?.();
  }

  // A follow that cannot go on says why and lets go of its queue, which keeps what was not sent.
  private fail(message: string): void {
    if (this.state === 'finishing' || this.state === 'stopped') return;
    void this.stop();
    if (this.spec.sink.fail) this.spec.sink.fail(message);
    else this.sendQuietly({ type: 'error', message });
  }
}
