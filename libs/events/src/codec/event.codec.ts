import { z } from 'zod';
import { catalogue, EventType, isEventType, PayloadInput } from '../catalogue';
import { AnyEvent, Context, EnvelopeHeader, Actor } from '../envelope';
import { EventDecodeError } from '../errors';
import { upcast } from '../upcasting/upcasters';
import { uuidv7 } from '../uuidv7';
import { fastHeader, fastTextPayload, Header } from './fast-checks';

export interface NewEvent<T extends EventType> {
  sessionId: string;
  seq: number;
  type: T;
  payload: PayloadInput<T>;
  actor: Actor;
  context?: Context;
  at?: number;
  id?: string;
}

// Builds a valid current-version event; throws EventDecodeError when the payload does not fit its schema.
export function createEvent<T extends EventType>(input: NewEvent<T>): AnyEvent {
  const at = input.at ?? Date.now();
  const raw = {
    id: input.id ?? uuidv7(at),
    sessionId: input.sessionId,
    seq: input.seq,
    type: input.type,
    at,
    actor: input.actor,
    ...(input.context ? { context: input.context } : {}),
    v: catalogue[input.type].v,
    payload: input.payload,
  };
  return decodeEvent(raw);
}

// Validates an event of any known version and lifts it to the current one.
export function decodeEvent(raw: unknown): AnyEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new EventDecodeError('invalid_envelope', 'expected an object');
  }
  const record = raw as Record<string, unknown>;
  const typeName = typeof record['type'] === 'string' ? record['type'] : undefined;
  const seq = typeof record['seq'] === 'number' ? record['seq'] : undefined;
  const header = fastHeader(record) ?? slowHeader(record, typeName, seq);
  const { type, v } = header;
  if (!isEventType(type)) {
    throw new EventDecodeError('unknown_type', `unknown event type "${type}"`, type, 'type', seq);
  }
  const current = catalogue[type].v;
  if (v > current) {
    throw new EventDecodeError(
      'unsupported_version',
      `version ${v} is newer than this reader's ${current}`,
      type,
      'v',
      seq,
    );
  }
  const payloadIn = record['payload'];
  if (typeof payloadIn !== 'object' || payloadIn === null || Array.isArray(payloadIn)) {
    throw new EventDecodeError('invalid_payload', 'expected an object', type, 'payload', seq);
  }
  const fast =
    v === current && TEXT_TYPES.has(type)
      ? fastTextPayload(payloadIn as Record<string, unknown>)
      : undefined;
  if (fast) return { ...header, type, v: current, payload: fast } as AnyEvent;
  const lifted =
    v < current ? upcast(type, v, payloadIn as Record<string, unknown>, current) : payloadIn;
  const payload = catalogue[type].schema.safeParse(lifted);
  if (!payload.success) throw fromZod('invalid_payload', payload.error, type, seq, 'payload');
  return { ...header, type, v: current, payload: payload.data } as AnyEvent;
}

const TEXT_TYPES = new Set<string>(['terminal.output', 'terminal.input']);

function slowHeader(
  record: Record<string, unknown>,
  typeName: string | undefined,
  seq: number | undefined,
): Header {
  const header = EnvelopeHeader.safeParse(record);
  if (!header.success) throw fromZod('invalid_envelope', header.error, typeName, seq);
  const { context, ...rest } = header.data;
  return context ? { ...rest, context } : rest;
}

function fromZod(
  code: 'invalid_envelope' | 'invalid_payload',
  error: z.ZodError,
  type: string | undefined,
  seq: number | undefined,
  prefix?: string,
): EventDecodeError {
  const issue = error.issues[0];
  const path = [...(prefix ? [prefix] : []), ...(issue?.path ?? []).map(String)].join('.');
  return new EventDecodeError(code, issue?.message ?? 'invalid', type, path || undefined, seq);
}
