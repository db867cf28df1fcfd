import { z } from 'zod';
import { EventType, PayloadOf } from './catalogue';

export const Actor = z.object({
  user: z.string().min(1).max(200).describe('who'),
  host: z.string().min(1).max(255).describe('on which machine'),
});

export const Context = z.object({
  repo: z
    .string()
    .max(1000)
    .optional()
    .describe('repository the event happened in (top-level folder name or origin URL)'),
  branch: z.string().max(500).optional().describe('checked-out branch'),
  commit: z.string().max(64).optional().describe('HEAD commit'),
  cwd: z.string().max(4096).optional().describe('working directory'),
});

// The part of every event that is not its payload.
export const EnvelopeHeader = z.object({
  id: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      'expected a UUIDv7',
    )
    .describe('UUIDv7: unique, sorts by time'),
  sessionId: z.string().min(1).max(100).describe('the recording this event belongs to'),
  seq: z.number().int().positive().describe('position in the session: 1, 2, 3… with no gaps'),
  type: z.string().min(1).max(100).describe('one of the types below'),
  at: z.number().int().nonnegative().describe('when it happened, epoch milliseconds'),
  actor: Actor,
  context: Context.optional().describe('where it happened, where known'),
  v: z.number().int().positive().describe('schema version of the payload'),
});

export type Actor = z.infer<typeof Actor>;
export type Context = z.infer<typeof Context>;

export interface Envelope<T extends EventType = EventType> {
  id: string;
  sessionId: string;
  seq: number;
  type: T;
  at: number;
  actor: Actor;
  context?: Context;
  v: number;
  payload: PayloadOf<T>;
}

// A union over every type, so `switch (event.type)` narrows the payload.
export type AnyEvent = { [T in EventType]: Envelope<T> }[EventType];

export function isEvent<T extends EventType>(
  event: AnyEvent | Envelope,
  type: T,
): event is Envelope<T> {
  return event.type === type;
}
