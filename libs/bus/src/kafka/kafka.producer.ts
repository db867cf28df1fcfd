import { CompressionTypes, Kafka, Message, Partitioners, Producer, TopicMessages } from 'kafkajs';
import { CLIENT_RETRY } from './kafka.client';
import { MAX_REQUEST_BYTES } from './kafka.topics';

interface Outgoing {
  topic: string;
  message: Message;
  bytes: number;
  sent: boolean;
  settled: boolean;
  timer?: NodeJS.Timeout;
  resolve(): void;
  reject(error: Error): void;
}

export interface BatchingProducerOptions {
  // How long a publish waits for the broker's acknowledgement before it fails (the broker may be down).
  timeoutMs: number;
  brokers: string[];
}

// Every publish() waiting at a tick goes out in one produce request, so throughput is not one round trip per
// batch; each caller's promise settles when the request holding its message is acknowledged by all replicas.
export class BatchingProducer {
  private queue: Outgoing[] = [];
  private draining?: Promise<void>;
  private closed = false;

  private constructor(
    private readonly producer: Producer,
    private readonly options: BatchingProducerOptions,
  ) {}

  static async connect(kafka: Kafka, options: BatchingProducerOptions): Promise<BatchingProducer> {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1, // idempotence needs requests in order; kafkajs guarantees that only with one in flight
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { ...CLIENT_RETRY, retries: Number.MAX_SAFE_INTEGER }, // an idempotent producer must keep retrying; timeoutMs bounds the caller's wait
    });
    await producer.connect();
    return new BatchingProducer(producer, options);
  }

  send(topic: string, message: Message): Promise<void> {
    if (this.closed) return Promise.reject(new Error('kafka bus: the producer is closed'));
    return new Promise<void>((resolve, reject) => {
      const bytes = (message.value as Buffer | null)?.length ?? 0;
      const item: Outgoing = {
        topic,
        message,
        bytes,
        sent: false,
        settled: false,
        resolve,
        reject,
      };
      item.timer = setTimeout(() => this.expire(item), this.options.timeoutMs);
      this.queue.push(item);
      this.drainSoon();
    });
  }

  // Waits for what is queued (as long as a publish may wait), then lets go of the broker.
  async close(): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const givenUp = new Promise<void>(
      (resolve) => (timer = setTimeout(resolve, this.options.timeoutMs)),
    );
    await Promise.race([this.drained(), givenUp]);
    clearTimeout(timer);
    await this.producer.disconnect();
  }

  private async drained(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private drainSoon(): void {
    if (this.draining) return;
    this.draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.draining = undefined;
        if (this.queue.length > 0) this.drainSoon();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) await this.sendRequest(this.takeRequest());
  }

  // Up to MAX_REQUEST_BYTES of waiting messages (always at least one), in publish order.
  private takeRequest(): Outgoing[] {
    let bytes = 0;
    let count = 0;
    while (
      count < this.queue.length &&
      (count === 0 || bytes + this.queue[count]!.bytes <= MAX_REQUEST_BYTES)
    ) {
      bytes += this.queue[count]!.bytes;
      count++;
    }
    const request = this.queue.slice(0, count);
    this.queue = this.queue.slice(count);
    for (const item of request) item.sent = true;
    return request;
  }

  private async sendRequest(request: Outgoing[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of request) {
      const messages = byTopic.get(topic) ?? [];
      messages.push(message);
      byTopic.set(topic, messages);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({
      topic,
      messages,
    }));
    try {
      await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages,
      });
      for (const item of request) this.settle(item);
    } catch (error) {
      const failure = new Error(
        `kafka bus: the broker (${this.options.brokers.join(',')}) refused the batch: ${(error as Error).message}`,
      );
      for (const item of request) this.settle(item, failure);
    }
  }

  private expire(item: Outgoing): void {
    if (item.settled) return;
    if (!item.sent) this.queue = this.queue.filter((queued) => queued !== item);
    const fate = item.sent ? 'it was sent and may still be stored' : 'it was not sent';
    const seconds = this.options.timeoutMs / 1000;
    this.settle(
      item,
      new Error(
        `kafka bus: no acknowledgement from the broker (${this.options.brokers.join(',')}) within ${seconds}s; ${fate}`,
      ),
    );
  }

  private settle(item: Outgoing, error?: Error): void {
    if (item.settled) return;
    item.settled = true;
    clearTimeout(item.timer);
    if (error) item.reject(error);
    else item.resolve();
  }
}
