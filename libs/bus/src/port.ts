import { DecodedBatch, EventBatch } from '@backtrack/events';

export type BusKind = 'embedded' | 'rabbitmq' | 'kafka';

export interface Delivery {
  batch: DecodedBatch;
  // 1 on first delivery; higher when the handler failed before or a consumer crashed holding it.
  attempt: number;
}

export type BatchHandler = (delivery: Delivery) => Promise<void>;

export interface SubscribeOptions {
  // Each group receives every batch once; members of one group share the load.
  group: string;
  // Handler failures before a batch goes to the dead-letter destination (default 5).
  maxAttempts?: number;
  // Batches a member holds unacknowledged at once; the bound on its memory (default 16).
  prefetch?: number;
  // A subscriber of its own, not a member of `group` (which only names it): it gets every batch published while it is
  // subscribed, in order per session; nothing is kept for it once it is gone and nothing is redelivered across restarts.
  // Its poison batches still go to `group`'s dead letters (on RabbitMQ, kept only if that group's dead queue exists).
  ephemeral?: boolean;
  // A group the broker does not know yet starts with what is published from this subscribe on, not with what the broker
  // still holds (Kafka otherwise reads the topic from its start; RabbitMQ's and the embedded bus's new groups always
  // start now). A known group resumes where it left off. For groups made on demand, such as a follower's own queue.
  fromNow?: boolean;
}

export interface Subscription {
  // Batches received from the broker and not yet settled: the backpressure gauge.
  pending(): number;
  // Stops taking new batches, lets in-flight handlers finish and settle them.
  close(): Promise<void>;
  // Stops at once as if the process had crashed: unsettled batches are redelivered to the group, and a handler that
  // finishes after abort() was called settles nothing.
  abort(): Promise<void>;
}

export interface DeadLetter {
  group: string;
  sessionId: string | undefined;
  reason: string;
  body: Buffer;
  at: number;
}

export type DeadLetterHandler = (letter: DeadLetter) => Promise<void>;

// The one port every adapter implements; the contract suite in test/ holds them to it.
export interface EventBus {
  readonly kind: BusKind;
  // Resolves only once the broker has confirmed the batch is stored.
  publish(batch: EventBatch): Promise<void>;
  // Publishes a batch already encoded (and validated) elsewhere, for example by the gateway's ingest.
  publishEncoded(sessionId: string, body: Buffer): Promise<void>;
  subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription>;
  subscribeDeadLetters(group: string, handler: DeadLetterHandler): Promise<Subscription>;
  // Removes what the broker keeps for a (not ephemeral) group: RabbitMQ its shard queues, hash exchange and dead-letter
  // queue; Kafka its consumer group (offsets) and dead-letter reader; the embedded bus its queues. A later subscriber of
  // the name starts afresh. Refused while the group has a member (close its subscriptions first); a group that does not
  // exist counts as deleted.
  deleteGroup(group: string): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_PREFETCH = 16;
