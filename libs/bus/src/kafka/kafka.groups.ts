import { Admin, SeekEntry } from 'kafkajs';

const NON_EMPTY_GROUP = 68;
const GROUP_ID_NOT_FOUND = 69;
// A member that just left may still be counted for a moment; one that is still there is not waited for long.
const NOT_EMPTY_ATTEMPTS = 10;

// Deletes a consumer group and its offsets; a group the broker does not know is already gone.
export async function deleteConsumerGroup(admin: Admin, groupId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.deleteGroups([groupId]);
      return;
    } catch (error) {
      const codes = groupErrorCodes(error);
      if (codes.length > 0 && codes.every((code) => code === GROUP_ID_NOT_FOUND)) return;
      const notEmpty = codes.includes(NON_EMPTY_GROUP);
      if (!notEmpty || attempt >= NOT_EMPTY_ATTEMPTS)
        throw new Error(
          notEmpty
            ? `kafka bus: cannot delete group ${groupId}: it still has members; close its subscriptions first`
            : `kafka bus: cannot delete group ${groupId}: ${(error as Error).message}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

// Where a `fromNow` group starts on the partitions it has not committed on: the topic's end as of now.
export async function uncommittedAtEnd(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<SeekEntry[]> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const fresh = new Set(
    (committed?.partitions ?? [])
      .filter(({ offset }) => Number(offset) < 0)
      .map(({ partition }) => partition),
  );
  if (fresh.size === 0) return [];
  const ends = await admin.fetchTopicOffsets(topic);
  return ends
    .filter(({ partition }) => fresh.has(partition))
    .map(({ partition, offset }) => ({ partition, offset }));
}

function groupErrorCodes(error: unknown): number[] {
  const groups = (error as { groups?: Array<{ errorCode?: number }> }).groups;
  return (groups ?? []).flatMap((group) => (group.errorCode ? [group.errorCode] : []));
}
