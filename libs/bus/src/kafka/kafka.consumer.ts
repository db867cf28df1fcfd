import { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, SeekEntry } from 'kafkajs';
import { Subscription } from '../port';
import { attemptOf, describeHeldRun, HeldRunsAtJoin, nextHeldRun } from './kafka.attempts';
import { CLIENT_RETRY } from './kafka.client';
import { uncommittedAtEnd } from './kafka.groups';
import { PrefetchSlots } from './prefetch.slots';

export type MessageOutcome = 'settled' | 'stopped';

export interface HeldMessage {
  message: KafkaMessage;
  partition: number;
  attempt: number;
  isStopping: () => boolean;
}

// Sees one message through (retries and dead-lettering included); 'stopped' when the member closed meanwhile.
export type MessageHandler = (held: HeldMessage) => Promise<MessageOutcome>;

export interface GroupConsumerOptions {
  kafka: Kafka;
  admin: Admin;
  topic: string;
  groupId: string;
  prefetch: number;
  partitions: number;
  handle: MessageHandler;
  // A group of one: starts at the end of the topic (gets what is published from start() on), deleted on close.
  ephemeral?: boolean;
  // A durable group that has not committed on a partition starts there at the topic's end, and commits that start at
  // once, so a member that leaves before handling anything there still resumes from it.
  fromNow?: boolean;
  onEnd?: () => void;
}

// A member that stops heartbeating is out after sessionTimeout; a rebalance waits rebalanceTimeout for everyone.
const GROUP_TIMING = { sessionTimeout: 10_000, rebalanceTimeout: 30_000, heartbeatInterval: 1_000 };
// An idle fetch returns after this long, so a member hears of a rebalance (and rejoins) within about a second.
const MAX_FETCH_WAIT_MS = 500;
const JOIN_TIMEOUT_MS = 60_000;
const RESTART_DELAY_MS = 1_000;
const DELETE_GROUP_ATTEMPTS = 20;
const RETRIABLE_ATTEMPTS = 20;
const ABORTED = Symbol('aborted');

// One member of a consumer group on one topic. Each partition is handled strictly in order, partitions side by
// side; a run of messages is marked held (see kafka.attempts), handled, then committed, so nothing is committed
// before it is settled, and what a crashed member held comes back with a higher attempt.
export class GroupConsumer implements Subscription {
  private consumer?: Consumer;
  private starting?: Promise<void>;
  private readonly slots: PrefetchSlots;
  private readonly heldRuns: HeldRunsAtJoin;
  private readonly concurrency: number;
  private readonly runLength: number;
  private stopping = false;
  private aborted = false;
  private heartbeatError?: Error;
  private runsInFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private heartbeat?: () => Promise<void>;
  private readonly heartbeatTimer: NodeJS.Timeout;
  private abortNow!: () => void;
  private readonly abortSignal = new Promise<typeof ABORTED>(
    (resolve) => (this.abortNow = () => resolve(ABORTED)),
  );
  private ended?: Promise<void>;
  private startAt: SeekEntry[] = [];

  private constructor(private readonly options: GroupConsumerOptions) {
    this.slots = new PrefetchSlots(options.prefetch);
    this.heldRuns = new HeldRunsAtJoin(options.admin, options.groupId, options.topic);
    this.concurrency = Math.max(1, Math.min(options.prefetch, options.partitions));
    this.runLength = Math.ceil(options.prefetch / this.concurrency);
    // kafkajs heartbeats only between batches; this keeps a member alive while a slow handler runs.
    this.heartbeatTimer = setInterval(() => {
      if (this.runsInFlight > 0) void this.beat();
    }, GROUP_TIMING.heartbeatInterval).unref();
  }

  // Resolves once the member has joined the group and holds its partitions, so nothing published after it is missed.
  static async start(options: GroupConsumerOptions): Promise<GroupConsumer> {
    const member = new GroupConsumer(options);
    try {
      if (options.ephemeral)
        member.startAt = await retried(() => options.admin.fetchTopicOffsets(options.topic));
      else if (options.fromNow)
        member.startAt = await retried(() =>
          uncommittedAtEnd(options.admin, options.groupId, options.topic),
        );
      await member.run();
    } catch (error) {
      clearInterval(member.heartbeatTimer);
      if (options.ephemeral)
        await deleteGroup(options.admin, options.groupId).catch(() => undefined);
      throw error;
    }
    return member;
  }

  pending(): number {
    return this.slots.inUse;
  }

  close(): Promise<void> {
    this.ended ??= this.shutDown();
    return this.ended;
  }

  // As if the process died: in-flight handlers are abandoned, nothing more is committed.
  abort(): Promise<void> {
    this.aborted = true;
    this.abortNow();
    return this.close();
  }

  private run(): Promise<void> {
    this.starting = this.join();
    return this.starting;
  }

  private async join(): Promise<void> {
    const { kafka, groupId, topic } = this.options;
    const consumer = kafka.consumer({
      groupId,
      ...GROUP_TIMING,
      maxWaitTimeInMs: MAX_FETCH_WAIT_MS,
      allowAutoTopicCreation: false,
      retry: { ...CLIENT_RETRY, restartOnFailure: async () => !this.stopping },
    });
    this.consumer = consumer;
    let starts: SeekEntry[] = [];
    const joined = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => {
        this.heldRuns.forget();
        this.heartbeatError = undefined;
        // Before the first fetch: an ephemeral member starts where the topic ended when it was started, so nothing
        // published after start() is missed (asking for the end at the first fetch would come too late).
        starts = this.startAt.splice(0);
        for (const { partition, offset } of starts) consumer.seek({ topic, partition, offset });
        if (!this.options.fromNow || starts.length === 0) resolve();
      });
      // kafkajs commits only once it runs (it drops a commit made while joining), and before its first fetch nothing
      // was handled that a later commit would have to stay behind.
      consumer.on(consumer.events.FETCH_START, () => {
        const committing = this.options.fromNow ? starts.splice(0) : [];
        if (committing.length === 0) return;
        consumer
          .commitOffsets(committing.map((start) => ({ topic, ...start })))
          .then(() => resolve(), reject);
      });
    });
    // A new fetch round means kafkajs has dealt with the last heartbeat error (rejoined or retried).
    consumer.on(consumer.events.FETCH_START, () => (this.heartbeatError = undefined));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.restartLater(consumer);
    });
    try {
      await consumer.connect();
      // Each namespace's groups are new when first used; starting at the beginning misses nothing published
      // before the first assignment. A known group resumes from its committed offsets.
      // An ephemeral group that rejoins before it committed anything goes on from the end, never the beginning.
      await consumer.subscribe({ topic, fromBeginning: !this.options.ephemeral });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.concurrency,
        eachBatch: (payload) => this.eachBatch(consumer, payload),
      });
      await within(
        joined,
        JOIN_TIMEOUT_MS,
        `kafka bus: group ${groupId} gave this member no partitions within ${JOIN_TIMEOUT_MS / 1000}s`,
      );
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  // kafkajs restarts a crashed consumer itself when the error is retriable; otherwise start a new one.
  private restartLater(crashed: Consumer): void {
    if (this.stopping || this.consumer !== crashed) return;
    setTimeout(() => {
      if (this.stopping || this.consumer !== crashed) return;
      this.run().catch(() => this.restartLater(this.consumer!));
    }, RESTART_DELAY_MS);
  }

  private async eachBatch(consumer: Consumer, payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    this.heartbeat = payload.heartbeat;
    let next = 0;
    try {
      while (next < batch.messages.length && this.accepting() && isRunning() && !isStale()) {
        const granted = await this.slots.take(
          Math.min(batch.messages.length - next, this.runLength),
          () => !this.accepting(),
        );
        if (granted === 0) break;
        const settled = await this.handleHeldRun(
          consumer,
          payload,
          batch.messages.slice(next, next + granted),
          granted,
        );
        next += settled;
        if (settled < granted) break;
        await this.beat();
      }
    } catch (error) {
      this.heldRuns.forget(); // the marks just committed are read back before these messages come again
      throw error;
    }
    // kafkajs rejoins the group on a rebalance error; unresolved messages are fetched again.
    if (this.heartbeatError && !this.stopping) throw this.heartbeatError;
  }

  private async handleHeldRun(
    consumer: Consumer,
    payload: EachBatchPayload,
    run: KafkaMessage[],
    slots: number,
  ): Promise<number> {
    this.runsInFlight++;
    try {
      return await this.handleRun(consumer, payload, run);
    } finally {
      this.slots.give(slots);
      this.runsInFlight--;
      if (this.runsInFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  // Marks the run held, hands each message to the handler in order, then commits past the run.
  private async handleRun(
    consumer: Consumer,
    payload: EachBatchPayload,
    run: KafkaMessage[],
  ): Promise<number> {
    if (this.stopping) return 0; // close() came between taking the slots and starting the run
    const partition = payload.batch.partition;
    const previous = await this.heldRuns.of(partition);
    const offsets = run.map((message) => BigInt(message.offset));
    const attempts = offsets.map((offset) => attemptOf(offset, previous));
    const mark = describeHeldRun(
      nextHeldRun(offsets[0]!, offsets[offsets.length - 1]!, Math.max(...attempts), previous),
    );
    await this.commit(consumer, partition, offsets[0]!, mark);
    for (let i = 0; i < run.length; i++) {
      if (this.aborted) return 0;
      const held = {
        message: run[i]!,
        partition,
        attempt: attempts[i]!,
        isStopping: () => this.stopping,
      };
      const outcome = await Promise.race([this.options.handle(held), this.abortSignal]);
      if (outcome === ABORTED) return 0; // a crash settles nothing: the group hands these messages out again
      if (outcome === 'stopped') {
        await this.commit(consumer, partition, offsets[i]!, mark); // settles those before; the rest stay marked held
        return i;
      }
      payload.resolveOffset(run[i]!.offset);
    }
    await this.commit(consumer, partition, offsets[offsets.length - 1]! + 1n, null);
    return run.length;
  }

  private async commit(
    consumer: Consumer,
    partition: number,
    offset: bigint,
    metadata: string | null,
  ): Promise<void> {
    if (this.aborted) return;
    await consumer.commitOffsets([
      { topic: this.options.topic, partition, offset: offset.toString(), metadata },
    ]);
  }

  private accepting(): boolean {
    return !this.stopping && !this.heartbeatError;
  }

  // A heartbeat is how a member hears the group is rebalancing: it stops taking runs so kafkajs can rejoin.
  private async beat(): Promise<void> {
    try {
      await this.heartbeat?.();
    } catch (error) {
      this.heartbeatError = error as Error;
      this.slots.wakeWaiters();
    }
  }

  private async shutDown(): Promise<void> {
    this.stopping = true;
    this.slots.wakeWaiters();
    // kafkajs skips commits once it is stopping, so in-flight runs settle before it is told to.
    if (this.runsInFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    clearInterval(this.heartbeatTimer);
    await this.starting?.catch(() => undefined);
    try {
      await this.consumer?.disconnect();
      if (this.options.ephemeral) await deleteGroup(this.options.admin, this.options.groupId);
    } finally {
      this.options.onEnd?.();
    }
  }
}

// A new topic's partitions may answer "not the leader" for a moment after they got one (KRaft).
async function retried<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || attempt >= RETRIABLE_ATTEMPTS)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

// The coordinator may still count the member that just left for a moment (GROUP_NOT_EMPTY): try again briefly.
async function deleteGroup(admin: Admin, groupId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.deleteGroups([groupId]);
      return;
    } catch (error) {
      if (attempt >= DELETE_GROUP_ATTEMPTS)
        throw new Error(
          `kafka bus: cannot delete ephemeral group ${groupId}: ${describeDeleteError(error)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

function describeDeleteError(error: unknown): string {
  const groups = (error as { groups?: Array<{ error?: Error }> }).groups;
  const reasons = groups?.flatMap((group) => (group.error ? [group.error.message] : []));
  return reasons && reasons.length > 0 ? reasons.join('; ') : (error as Error).message;
}

async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)),
  );
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
