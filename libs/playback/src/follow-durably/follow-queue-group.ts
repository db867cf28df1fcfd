import { createHash } from 'node:crypto';

// Who asked for a queue: two users (or teams) giving the same name get queues of their own.
export interface QueueOwner {
  user: string;
  teamId: string;
}

// The bus adapters take group names of at most 100 of [A-Za-z0-9_.-] (RabbitMQ builds queue names of 255 bytes
// from them, with the namespace and a shard suffix).
const MAX_GROUP_LENGTH = 100;
const HASH_LENGTH = 16;
const MAX_SESSION_PART = 40;

// `follow.<session>.<queue>.<hash>`: the session and queue names tell operators whose it is, the hash of
// team, user, session and queue keeps it unique whatever the session id holds or loses to length.
export function followQueueGroup(owner: QueueOwner, sessionId: string, queue: string): string {
  const hash = createHash('sha256')
    .update([owner.teamId, owner.user, sessionId, queue].join('\0'))
    .digest('hex')
    .slice(0, HASH_LENGTH);
  const room = MAX_GROUP_LENGTH - 'follow...'.length - queue.length - HASH_LENGTH;
  const session = sessionId
    .replace(/[^A-Za-z0-9_-]/g, '-')
    .slice(0, Math.max(0, Math.min(MAX_SESSION_PART, room)));
  return ['follow', session || '-', queue, hash].join('.');
}
