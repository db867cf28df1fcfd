import { EventBus } from '@backtrack/bus';
import { Queryable } from '@backtrack/store';
import { FollowSink } from '../follow-session/follow-session';
import {
  DEFAULT_DURABLE_FOLLOW_OPTIONS,
  DurableFollow,
  DurableFollowOptions,
} from './durable-follow';
import { followQueueGroup, QueueOwner } from './follow-queue-group';

export interface DurableFollowRequest {
  sessionId: string;
  owner: QueueOwner;
  queue: string;
  after: number | undefined;
  sink: FollowSink;
}

// A replay instance's follows with a queue: one connection per queue at a time. The newest wins, because a client
// that reconnects often does so before the server noticed its old connection died; the old one is told and closed
// (1008) and its unacknowledged batches go back to the queue first.
export class DurableFollows {
  private readonly holders = new Map<string, DurableFollow>();
  // Connections for one queue take turns, so a takeover or a deletion is complete before the next one subscribes.
  private readonly turns = new Map<string, Promise<void>>();
  private readonly options: DurableFollowOptions;
  private closed = false;

  constructor(
    private readonly db: Queryable,
    private readonly bus: EventBus,
    options: Partial<DurableFollowOptions> = {},
  ) {
    this.options = { ...DEFAULT_DURABLE_FOLLOW_OPTIONS, ...options };
  }

  async follow(request: DurableFollowRequest): Promise<DurableFollow> {
    const group = followQueueGroup(request.owner, request.sessionId, request.queue);
    const before = this.turns.get(group) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const turn = before.then(() => mine);
    this.turns.set(group, turn);
    try {
      await before;
      if (this.closed) throw new Error('the replay server is shutting down');
      await this.holders.get(group)?.replaced();
      const follow = await DurableFollow.start(
        this.db,
        this.bus,
        {
          sessionId: request.sessionId,
          group,
          queue: request.queue,
          after: request.after,
          sink: request.sink,
        },
        this.options,
      );
      this.holders.set(group, follow);
      void follow.done.then(() => {
        if (this.holders.get(group) === follow) this.holders.delete(group);
      });
      return follow;
    } finally {
      done();
      if (this.turns.get(group) === turn) this.turns.delete(group);
    }
  }

  // Follows with a queue right now (each holds one bus subscription).
  get size(): number {
    return this.holders.size;
  }

  // Lets go of every queue, which keeps what its follower was not sent: a restarted server resumes them.
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.holders.values()].map((follow) => follow.stop()));
  }
}
