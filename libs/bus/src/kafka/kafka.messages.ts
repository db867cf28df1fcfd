import { KafkaMessage, Message } from 'kafkajs';
import { BATCH_CONTENT_TYPE } from '@backtrack/events';
import { DeadLetter } from '../port';

export const HEADERS = {
  contentType: 'content-type',
  sessionId: 'x-session-id',
  reason: 'x-reason',
  group: 'x-group',
  source: 'x-source',
} as const;

// Error texts can quote whole payloads; a reason is for people, so a few KiB say enough.
const MAX_REASON_LENGTH = 8 * 1024;

// Keyed by session: the default partitioner sends a session to one partition, which keeps it in order.
export function eventMessage(sessionId: string, body: Buffer): Message {
  return {
    key: sessionId,
    value: body,
    headers: { [HEADERS.contentType]: BATCH_CONTENT_TYPE, [HEADERS.sessionId]: sessionId },
  };
}

export function deadLetterMessage(
  original: KafkaMessage,
  source: string,
  group: string,
  reason: string,
): Message {
  const sessionId = headerText(original, HEADERS.sessionId) ?? original.key?.toString();
  const headers: Record<string, string> = {
    [HEADERS.contentType]: headerText(original, HEADERS.contentType) ?? BATCH_CONTENT_TYPE,
    [HEADERS.reason]: reason.slice(0, MAX_REASON_LENGTH),
    [HEADERS.group]: group,
    [HEADERS.source]: source,
  };
  if (sessionId !== undefined) headers[HEADERS.sessionId] = sessionId;
  return { key: sessionId ?? null, value: original.value ?? Buffer.alloc(0), headers };
}

export function deadLetterOf(message: KafkaMessage): DeadLetter {
  return {
    group: headerText(message, HEADERS.group) ?? '',
    sessionId: headerText(message, HEADERS.sessionId),
    reason: headerText(message, HEADERS.reason) ?? '',
    body: message.value ?? Buffer.alloc(0),
    at: Number(message.timestamp),
  };
}

export function headerText(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
