import { AnyEvent } from '../envelope';
import { BatchDecodeError, EventDecodeError } from '../errors';
import { decodeEvent } from './event.codec';
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, MAX_EVENT_BYTES } from './limits';

export const BATCH_CONTENT_TYPE = 'application/vnd.backtrack.batch+json; version=1';

// Many events of one session in one broker message: broker cost is paid per batch, not per event.
export interface EventBatch {
  sessionId: string;
  events: AnyEvent[];
}

export interface RejectedEvent {
  raw: unknown;
  error: EventDecodeError;
}

export interface DecodedBatch extends EventBatch {
  rejected: RejectedEvent[];
}

export function encodeBatch(batch: EventBatch): Buffer {
  if (batch.events.length > MAX_BATCH_EVENTS) {
    throw new BatchDecodeError(
      `${batch.events.length} events is over the limit of ${MAX_BATCH_EVENTS}`,
    );
  }
  for (const event of batch.events) {
    if (event.sessionId !== batch.sessionId) {
      throw new BatchDecodeError(
        `event seq ${event.seq} belongs to session ${event.sessionId}, not ${batch.sessionId}`,
      );
    }
  }
  const body = JSON.stringify({ batch: 1, sessionId: batch.sessionId, events: batch.events });
  // Only a batch this large can hold an event over the limit, so small batches skip the per-event check.
  if (body.length > MAX_EVENT_BYTES / 4) for (const event of batch.events) assertEventSize(event);
  const buffer = Buffer.from(body);
  if (buffer.length > MAX_BATCH_BYTES) {
    throw new BatchDecodeError(`${buffer.length} bytes is over the limit of ${MAX_BATCH_BYTES}`);
  }
  return buffer;
}

// Throws BatchDecodeError when the container itself is unusable; bad events inside come back in `rejected`.
export function decodeBatch(data: Buffer | string): DecodedBatch {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size > MAX_BATCH_BYTES)
    throw new BatchDecodeError(`${size} bytes is over the limit of ${MAX_BATCH_BYTES}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch (error) {
    throw new BatchDecodeError(`not JSON (${(error as Error).message})`);
  }
  const body = parsed as { batch?: unknown; sessionId?: unknown; events?: unknown };
  if (typeof parsed !== 'object' || parsed === null)
    throw new BatchDecodeError('expected an object');
  if (body.batch !== 1)
    throw new BatchDecodeError(`unsupported batch format ${JSON.stringify(body.batch)}`);
  if (typeof body.sessionId !== 'string' || body.sessionId === '')
    throw new BatchDecodeError('field "sessionId" is missing');
  if (!Array.isArray(body.events)) throw new BatchDecodeError('field "events" must be an array');
  if (body.events.length > MAX_BATCH_EVENTS)
    throw new BatchDecodeError(
      `${body.events.length} events is over the limit of ${MAX_BATCH_EVENTS}`,
    );
  const checkEachSize = size > MAX_EVENT_BYTES;
  const events: AnyEvent[] = [];
  const rejected: RejectedEvent[] = [];
  for (const raw of body.events) {
    try {
      if (checkEachSize) assertEventSize(raw);
      const event = decodeEvent(raw);
      if (event.sessionId !== body.sessionId) {
        throw new EventDecodeError(
          'invalid_envelope',
          `belongs to session ${event.sessionId}, not ${body.sessionId}`,
          event.type,
          'sessionId',
          event.seq,
        );
      }
      events.push(event);
    } catch (error) {
      if (!(error instanceof EventDecodeError)) throw error;
      rejected.push({ raw, error });
    }
  }
  return { sessionId: body.sessionId, events, rejected };
}

function assertEventSize(raw: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(raw));
  if (bytes > MAX_EVENT_BYTES) {
    const r = raw as { type?: unknown; seq?: unknown };
    throw new EventDecodeError(
      'too_large',
      `${bytes} bytes is over the limit of ${MAX_EVENT_BYTES}`,
      typeof r?.type === 'string' ? r.type : undefined,
      undefined,
      typeof r?.seq === 'number' ? r.seq : undefined,
    );
  }
}
