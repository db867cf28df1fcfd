import { Admin } from 'kafkajs';
import { MAX_BATCH_BYTES } from '@backtrack/events';
import { KafkaNames } from './kafka.names';

// A producer request packs many batches into one record batch per partition, so the topic must take
// well over one full batch (8 MiB) plus headers; the producer keeps requests under MAX_REQUEST_BYTES.
export const MAX_REQUEST_BYTES = MAX_BATCH_BYTES;
const TOPIC_MAX_MESSAGE_BYTES = 2 * MAX_BATCH_BYTES;

const LEADERS_TIMEOUT_MS = 30_000;
const LEADERS_POLL_MS = 100;

// Creates the event and dead-letter topics if missing (an existing topic is left as it is) and waits until
// every partition has a leader, so the first publish and the first assignment find them.
export async function ensureTopics(
  admin: Admin,
  names: KafkaNames,
  partitions: number,
): Promise<void> {
  const topics = [names.events, names.dead];
  await admin.createTopics({
    waitForLeaders: false, // see waitForLeaders below
    topics: topics.map((topic) => ({
      topic,
      numPartitions: partitions,
      configEntries: [{ name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) }],
    })),
  });
  await waitForLeaders(admin, topics);
}

// kafkajs's own waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a KRaft broker answers for a moment
// after the controller created the topic; both mean "not yet" here.
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  let notYet = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.topics.filter(
        (t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0),
      );
      if (leaderless.length === 0) return;
      notYet = `no leader yet for ${leaderless.map((t) => t.name).join(', ')}`;
    } catch (error) {
      notYet = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, LEADERS_POLL_MS));
  }
  throw new Error(
    `topics ${topics.join(', ')} are not ready after ${LEADERS_TIMEOUT_MS / 1000}s: ${notYet}`,
  );
}

// Drops a namespace's topics and consumer groups (tests run each in a namespace of its own).
export async function deleteNamespace(admin: Admin, names: KafkaNames): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const topics = [names.events, names.dead].filter((topic) => existing.has(topic));
  if (topics.length > 0) await admin.deleteTopics({ topics });
  const { groups } = await admin.listGroups();
  const groupIds = groups
    .map((g) => g.groupId)
    .filter((id) => id.startsWith(`${names.namespace}.`));
  if (groupIds.length > 0) await admin.deleteGroups(groupIds);
}
