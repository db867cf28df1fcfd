import { EventBatch, encodeBatch } from '@backtrack/events';
import {
  BatchHandler,
  DeadLetterHandler,
  DEFAULT_PREFETCH,
  EventBus,
  SubscribeOptions,
  Subscription,
} from '../port';
import { handleWithRetries } from '../retry';
import { shardOf } from '../shard';
import { DeadLetterBox } from './dead-letter-box';

interface Item {
  sessionId: string;
  body: Buffer;
  deliveries: number;
  // Durable groups only: settles the publish waiting for this group to store the batch.
  stored?: { resolve(): void; reject(error: Error): void };
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
  durable: boolean;
}

export interface EmbeddedBusOptions {
  shards?: number;
  // Batches a group's shard holds before publish waits: the in-process stand-in for broker backpressure.
  shardCapacity?: number;
  // Groups whose handler is where a batch is stored (the projector's commit): they exist from the start, and publish
  // resolves only once each of them has handled the batch or dead-lettered it, so a publisher never acknowledges
  // what a crash would lose. Publish waits meanwhile, also while no member of such a group has subscribed yet.
  durableGroups?: string[];
}

// In-process bus for the single-process default mode and fast unit tests; same contract as the brokers, but nothing
// survives the process: only what a durable group has handled is stored, so only that is confirmed.
export class EmbeddedBus implements EventBus {
  readonly kind = 'embedded' as const;
  private readonly groups = new Map<string, Group>();
  private readonly deadLetters = new DeadLetterBox();
  private readonly shardCount: number;
  private readonly shardCapacity: number;
  private readonly durableGroups: Set<string>;
  private ephemeralCount = 0;
  private closed = false;

  constructor(options: EmbeddedBusOptions = {}) {
    this.shardCount = options.shards ?? 8;
    this.shardCapacity = options.shardCapacity ?? 256;
    this.durableGroups = new Set(options.durableGroups);
    for (const name of this.durableGroups) this.groupNamed(name);
  }

  publish(batch: EventBatch): Promise<void> {
    return this.publishEncoded(batch.sessionId, encodeBatch(batch));
  }

  async publishEncoded(sessionId: string, body: Buffer): Promise<void> {
    if (this.closed) throw new Error('embedded bus is closed');
    const index = shardOf(sessionId, this.shardCount);
    const stored: Array<Promise<void>> = [];
    for (const group of this.groups.values()) {
      const shard = group.shards[index]!;
      while (shard.queue.length >= this.shardCapacity) {
        await new Promise<void>((resolve) => shard.spaceWaiters.push(resolve));
        if (this.closed) throw new Error('embedded bus closed while the publish waited for room');
      }
      const item: Item = { sessionId, body, deliveries: 0 };
      if (group.durable) {
        const storing = new Promise<void>((resolve, reject) => (item.stored = { resolve, reject }));
        storing.catch(() => undefined); // rejected by close() even when this publish already gave up
        stored.push(storing);
      }
      shard.queue.push(item);
      this.pump(group);
    }
    // Every group got the batch before waiting, so a slow durable group never delays the others.
    await Promise.all(stored);
  }

  async subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    // An ephemeral subscriber is a group of its own (named for dead letters by its group), forgotten when it leaves.
    const key = options.ephemeral ? `${options.group}\0${++this.ephemeralCount}` : options.group;
    const group = this.groupNamed(key, options.group);
    const member: Member = { options, handler, inFlight: 0, stopped: false, aborted: false };
    group.members.push(member);
    this.pump(group);
    const leave = () => {
      group.members = group.members.filter((m) => m !== member);
      if (options.ephemeral) this.forget(key, group);
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

  subscribeDeadLetters(group: string, handler: DeadLetterHandler): Promise<Subscription> {
    return this.deadLetters.subscribe(group, handler);
  }

  async deleteGroup(name: string): Promise<void> {
    const group = this.groups.get(name);
    if (!group) return;
    if (group.durable)
      throw new Error(
        `embedded bus: group "${name}" confirms publishes (durableGroups) and cannot be deleted`,
      );
    if (group.members.length > 0)
      throw new Error(
        `embedded bus: group "${name}" still has ${group.members.length} member(s); close its subscriptions before deleting it`,
      );
    this.forget(name, group);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const group of this.groups.values()) {
      for (const member of group.members) member.stopped = true;
      for (const shard of group.shards) {
        for (const wake of shard.spaceWaiters.splice(0)) wake();
        for (const item of shard.queue)
          item.stored?.reject(
            new Error(`embedded bus closed before group "${group.name}" stored the batch`),
          );
      }
    }
  }

  private groupNamed(key: string, name = key): Group {
    let group = this.groups.get(key);
    if (!group) {
      const shards = Array.from({ length: this.shardCount }, () => ({
        queue: [],
        busy: false,
        spaceWaiters: [],
      }));
      group = { name, shards, members: [], durable: key === name && this.durableGroups.has(name) };
      this.groups.set(key, group);
    }
    return group;
  }

  // Nothing is kept for a group that is gone; publishers waiting for room in it go on.
  private forget(key: string, group: Group): void {
    this.groups.delete(key);
    for (const shard of group.shards) {
      shard.queue.length = 0;
      for (const wake of shard.spaceWaiters.splice(0)) wake();
    }
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
    // A dead letter counts as stored once its handlers (the projector's dead_letters table) have it.
    const failed =
      settlement.kind === 'dead'
        ? await this.deadLetters.post({
            group: group.name,
            sessionId: item.sessionId,
            reason: settlement.reason,
            body: item.body,
            at: Date.now(),
          })
        : undefined;
    if (failed)
      item.stored?.reject(
        new Error(`group "${group.name}" could not record the batch as a dead letter: ${failed}`),
      );
    item.stored?.resolve();
    this.pump(group);
  }
}
