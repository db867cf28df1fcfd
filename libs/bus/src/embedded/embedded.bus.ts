import { EventBatch, encodeBatch } from '@backtrack/events';
import {
  BatchHandler,
  DeadLetter,
  DeadLetterHandler,
  DEFAULT_PREFETCH,
  EventBus,
  SubscribeOptions,
  Subscription,
} from '../port';
import { handleWithRetries } from '../retry';
import { shardOf } from '../shard';

interface Item {
  sessionId: string;
  body: Buffer;
  deliveries: number;
}

interface Shard {
  queue: Item[];
  busy: boolean;
  spaceWaiters: Array<() => void>;
}

interface Member {
  options: SubscribeOptions;
  handler: BatchHandler;
  inFlight: number;
  stopped: boolean;
  aborted: boolean;
}

interface Group {
  name: string;
  shards: Shard[];
  members: Member[];
}

export interface EmbeddedBusOptions {
  shards?: number;
  // Batches a group's shard holds before publish waits: the in-process stand-in for broker backpressure.
  shardCapacity?: number;
}

// In-process bus for the single-process default mode and fast unit tests; same contract as the brokers,
// but nothing survives the process.
export class EmbeddedBus implements EventBus {
  readonly kind = 'embedded' as const;
  private readonly groups = new Map<string, Group>();
  private readonly dead = new Map<string, DeadLetter[]>();
  private readonly deadHandlers = new Map<string, Set<DeadLetterHandler>>();
  private readonly shardCount: number;
  private readonly shardCapacity: number;
  private closed = false;

  constructor(options: EmbeddedBusOptions = {}) {
    this.shardCount = options.shards ?? 8;
    this.shardCapacity = options.shardCapacity ?? 256;
  }

  publish(batch: EventBatch): Promise<void> {
    return this.publishEncoded(batch.sessionId, encodeBatch(batch));
  }

  async publishEncoded(sessionId: string, body: Buffer): Promise<void> {
    if (this.closed) throw new Error('embedded bus is closed');
    const index = shardOf(sessionId, this.shardCount);
    for (const group of this.groups.values()) {
      const shard = group.shards[index]!;
      while (shard.queue.length >= this.shardCapacity) {
        await new Promise<void>((resolve) => shard.spaceWaiters.push(resolve));
      }
      shard.queue.push({ sessionId, body, deliveries: 0 });
      this.pump(group);
    }
  }

  async subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    const group = this.groupNamed(options.group);
    const member: Member = { options, handler, inFlight: 0, stopped: false, aborted: false };
    group.members.push(member);
    this.pump(group);
    const leave = () => {
      group.members = group.members.filter((m) => m !== member);
      this.pump(group);
    };
    return {
      pending: () => member.inFlight,
      close: async () => {
        if (member.aborted) return;
        member.stopped = true;
        while (member.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
        leave();
      },
      abort: async () => {
        if (member.aborted) return;
        member.stopped = true;
        member.aborted = true;
        for (const shard of group.shards)
          if (shard.busy && this.ownerOf(group, shard) === member) shard.busy = false;
        leave();
      },
    };
  }

  async subscribeDeadLetters(group: string, handler: DeadLetterHandler): Promise<Subscription> {
    const handlers = this.deadHandlers.get(group) ?? new Set();
    this.deadHandlers.set(group, handlers);
    handlers.add(handler);
    for (const letter of this.dead.get(group) ?? []) await handler(letter);
    this.dead.set(group, []);
    const stop = async () => void handlers.delete(handler);
    return { pending: () => 0, close: stop, abort: stop };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const group of this.groups.values())
      for (const member of group.members) member.stopped = true;
  }

  private groupNamed(name: string): Group {
    let group = this.groups.get(name);
    if (!group) {
      const shards = Array.from({ length: this.shardCount }, () => ({
        queue: [],
        busy: false,
        spaceWaiters: [],
      }));
      group = { name, shards, members: [] };
      this.groups.set(name, group);
    }
    return group;
  }

  private ownerOf(group: Group, shard: Shard): Member | undefined {
    const live = group.members;
    if (live.length === 0) return undefined;
    return live[group.shards.indexOf(shard) % live.length];
  }

  // One batch per shard at a time keeps each session in order; prefetch bounds a member's work.
  private pump(group: Group): void {
    for (const shard of group.shards) {
      if (shard.busy || shard.queue.length === 0) continue;
      const member = this.ownerOf(group, shard);
      if (!member || member.stopped) continue;
      if (member.inFlight >= (member.options.prefetch ?? DEFAULT_PREFETCH)) continue;
      shard.busy = true;
      member.inFlight++;
      void this.deliver(group, shard, member);
    }
  }

  private async deliver(group: Group, shard: Shard, member: Member): Promise<void> {
    const item = shard.queue[0]!;
    item.deliveries++;
    const settlement = await handleWithRetries(item.body, member.handler, {
      maxAttempts: member.options.maxAttempts,
      firstAttempt: item.deliveries,
      isStopped: () => member.stopped,
    });
    member.inFlight--;
    if (member.aborted) return; // a crashed member settles nothing; the batch is redelivered
    shard.busy = false;
    if (settlement.kind === 'stopped') {
      this.pump(group);
      return;
    }
    shard.queue.shift();
    shard.spaceWaiters.shift()?.();
    if (settlement.kind === 'dead') await this.deadLetter(group.name, item, settlement.reason);
    this.pump(group);
  }

  private async deadLetter(group: string, item: Item, reason: string): Promise<void> {
    const letter: DeadLetter = {
      group,
      sessionId: item.sessionId,
      reason,
      body: item.body,
      at: Date.now(),
    };
    const handlers = this.deadHandlers.get(group);
    if (handlers && handlers.size > 0) {
      for (const handler of handlers) await handler(letter);
      return;
    }
    const stored = this.dead.get(group) ?? [];
    stored.push(letter);
    this.dead.set(group, stored);
  }
}
