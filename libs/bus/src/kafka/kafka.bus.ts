import { randomBytes } from 'node:crypto';
import { Admin, Kafka } from 'kafkajs';
import { encodeBatch, EventBatch, MAX_BATCH_BYTES } from '@backtrack/events';
import {
  BatchHandler,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_PREFETCH,
  DeadLetterHandler,
  EventBus,
  SubscribeOptions,
  Subscription,
} from '../port';
import { handleWithRetries } from '../retry';
import { createKafkaClient } from './kafka.client';
import { deleteConsumerGroup } from './kafka.groups';
import { GroupConsumer, HeldMessage, MessageHandler, MessageOutcome } from './kafka.consumer';
import { deadLetterMessage, deadLetterOf, eventMessage } from './kafka.messages';
import { assertLegalName, KafkaNames, kafkaNames } from './kafka.names';
import { BatchingProducer } from './kafka.producer';
import { deleteNamespace, ensureTopics } from './kafka.topics';

export interface KafkaBusOptions {
  brokers: string[];
  // Prefix of every topic and consumer group, so environments (and tests) can share a cluster.
  namespace?: string;
  // Partitions of the event topic when this bus creates it: the most members a group can spread over.
  partitions?: number;
  clientId?: string;
  // How long publish() waits for the broker before it fails.
  publishTimeoutMs?: number;
}

const DEFAULTS = {
  namespace: 'backtrack',
  partitions: 12,
  clientId: 'backtrack',
  publishTimeoutMs: 30_000,
};

// Events on `<namespace>.events`, keyed by session so a session keeps its order on one partition; poison batches
// on `<namespace>.events.dead`. A consumer group per subscriber group, committing only what is settled; an ephemeral
// subscriber is a group of its own that starts at the end of the topic and is deleted when it closes.
export class KafkaBus implements EventBus {
  readonly kind = 'kafka' as const;
  private readonly members = new Set<GroupConsumer>();
  private closed = false;

  private constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: BatchingProducer,
    private readonly names: KafkaNames,
    private readonly partitions: number,
  ) {}

  static async connect(options: KafkaBusOptions): Promise<KafkaBus> {
    const settings = checkedSettings(options);
    const names = kafkaNames(settings.namespace);
    const kafka = createKafkaClient(settings.brokers, settings.clientId);
    const admin = kafka.admin();
    try {
      await admin.connect();
      await ensureTopics(admin, names, settings.partitions);
      const producer = await BatchingProducer.connect(kafka, {
        timeoutMs: settings.publishTimeoutMs,
        brokers: settings.brokers,
      });
      return new KafkaBus(kafka, admin, producer, names, settings.partitions);
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      throw new Error(
        `kafka bus: cannot set up namespace ${names.namespace} on ${settings.brokers.join(',')}: ${(error as Error).message}`,
      );
    }
  }

  // Deletes a namespace's topics and consumer groups; for tests and for tearing down an environment.
  static async deleteNamespace(options: { brokers: string[]; namespace: string }): Promise<void> {
    const admin = createKafkaClient(options.brokers, 'backtrack-admin').admin();
    await admin.connect();
    try {
      await deleteNamespace(admin, kafkaNames(options.namespace));
    } finally {
      await admin.disconnect();
    }
  }

  async publish(batch: EventBatch): Promise<void> {
    await this.publishEncoded(batch.sessionId, encodeBatch(batch));
  }

  async publishEncoded(sessionId: string, body: Buffer): Promise<void> {
    if (this.closed) throw new Error('kafka bus: cannot publish, the bus is closed');
    if (typeof sessionId !== 'string' || sessionId === '')
      throw new Error('kafka bus: publish needs a non-empty sessionId');
    if (!Buffer.isBuffer(body))
      throw new Error('kafka bus: publish needs the encoded batch as a Buffer');
    if (body.length > MAX_BATCH_BYTES)
      throw new Error(
        `kafka bus: batch of ${body.length} bytes is over the limit of ${MAX_BATCH_BYTES}`,
      );
    await this.producer.send(this.names.events, eventMessage(sessionId, body));
  }

  async subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    const groupId = options.ephemeral
      ? this.names.ephemeralGroup(options.group, randomBytes(6).toString('hex'))
      : this.names.group(options.group);
    const maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    const prefetch = positiveInteger('prefetch', options.prefetch ?? DEFAULT_PREFETCH);
    const handle: MessageHandler = async (held) => {
      const body = held.message.value ?? Buffer.alloc(0);
      const settlement = await handleWithRetries(body, handler, {
        maxAttempts,
        firstAttempt: held.attempt,
        isStopped: held.isStopping,
      });
      if (settlement.kind === 'stopped') return 'stopped';
      if (settlement.kind === 'dead') await this.deadLetter(held, options.group, settlement.reason);
      return 'settled';
    };
    return this.join(this.names.events, groupId, prefetch, handle, {
      ephemeral: options.ephemeral ?? false,
      fromNow: options.fromNow ?? false,
    });
  }

  // Reads the dead-letter topic in a group of its own and passes on the letters of `group`.
  async subscribeDeadLetters(group: string, handler: DeadLetterHandler): Promise<Subscription> {
    const groupId = this.names.deadLetterReader(group);
    const handle: MessageHandler = async ({ message, isStopping }) => {
      const letter = deadLetterOf(message);
      if (letter.group !== group) return 'settled';
      return handleUntilDone(() => handler(letter), isStopping);
    };
    return this.join(this.names.dead, groupId, DEFAULT_PREFETCH, handle);
  }

  async deleteGroup(group: string): Promise<void> {
    if (this.closed) throw new Error('kafka bus: cannot delete a group, the bus is closed');
    await deleteConsumerGroup(this.admin, this.names.group(group));
    await deleteConsumerGroup(this.admin, this.names.deadLetterReader(group));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.members].map((member) => member.close()));
    await this.producer.close();
    await this.admin.disconnect();
  }

  private async join(
    topic: string,
    groupId: string,
    prefetch: number,
    handle: MessageHandler,
    start: { ephemeral?: boolean; fromNow?: boolean } = {},
  ): Promise<Subscription> {
    if (this.closed) throw new Error('kafka bus: cannot subscribe, the bus is closed');
    const member = await GroupConsumer.start({
      kafka: this.kafka,
      admin: this.admin,
      topic,
      groupId,
      prefetch,
      partitions: this.partitions,
      handle,
      ...start,
      onEnd: () => this.members.delete(member),
    });
    this.members.add(member);
    return member;
  }

  // Resolves once the dead-letter topic has the batch; only then is the original committed.
  private deadLetter(
    { message, partition }: HeldMessage,
    group: string,
    reason: string,
  ): Promise<void> {
    const source = `${this.names.events}/${partition}@${message.offset}`;
    return this.producer.send(this.names.dead, deadLetterMessage(message, source, group, reason));
  }
}

// A dead-letter handler that fails is tried again (backing off) until it succeeds: letters are not dropped.
async function handleUntilDone(
  work: () => Promise<void>,
  isStopping: () => boolean,
): Promise<MessageOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return 'settled';
    } catch {
      if (isStopping()) return 'stopped';
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 2_000)));
    }
  }
}

function checkedSettings(options: KafkaBusOptions): Required<KafkaBusOptions> {
  const settings = {
    brokers: options.brokers,
    namespace: options.namespace ?? DEFAULTS.namespace,
    partitions: options.partitions ?? DEFAULTS.partitions,
    clientId: options.clientId ?? DEFAULTS.clientId,
    publishTimeoutMs: options.publishTimeoutMs ?? DEFAULTS.publishTimeoutMs,
  };
  if (
    !Array.isArray(settings.brokers) ||
    settings.brokers.length === 0 ||
    settings.brokers.some((b) => typeof b !== 'string' || !/^[^:\s]+:\d+$/.test(b))
  ) {
    throw new Error(
      `kafka bus: brokers must be a non-empty list of "host:port", got ${JSON.stringify(options.brokers)}`,
    );
  }
  assertLegalName('namespace', settings.namespace);
  assertLegalName('clientId', settings.clientId);
  positiveInteger('partitions', settings.partitions);
  positiveInteger('publishTimeoutMs', settings.publishTimeoutMs);
  return settings;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`kafka bus: ${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}
