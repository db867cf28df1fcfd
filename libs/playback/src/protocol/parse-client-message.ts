import { ClientControl, ClientMessage, Hello, MomentMessage } from './messages';

export class ProtocolError extends Error {}

export const MAX_SPEED = 64;

const CONTROL_TYPES = ['pause', 'resume', 'speed', 'next-command', 'seek', 'unfollow'];

// A follower's own queue: safe in broker names, short enough to leave room for the session in them.
export const QUEUE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

// Text from a client, checked field by field; a ProtocolError names what is wrong.
export function parseClientMessage(text: string): ClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProtocolError(`message is not JSON: ${text.slice(0, 80)}`);
  }
  const message = record(value, 'message');
  if (message['type'] === 'hello') return parseHello(message);
  return parseControl(message);
}

export function parseHello(value: unknown): Hello {
  const message = record(value, 'hello');
  const sessionId = message['sessionId'];
  if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 100)
    throw new ProtocolError('hello.sessionId must be a session id (1-100 characters)');
  if (message['mode'] === 'follow') {
    const after = optionalNumber(message, 'after', 'hello.after', { min: 0, integer: true });
    const queue = optionalQueue(message['queue'], 'hello.queue');
    return {
      type: 'hello',
      sessionId,
      mode: 'follow',
      ...(after !== undefined ? { after } : {}),
      ...(queue !== undefined ? { queue } : {}),
    };
  }
  if (message['mode'] === 'play') {
    const speed = optionalSpeed(message, 'hello.speed');
    const idleLimit = optionalNumber(message, 'idleLimit', 'hello.idleLimit', {
      min: 0,
      exclusive: true,
    });
    const from = message['from'] === undefined ? undefined : moment(message['from'], 'hello.from');
    return {
      type: 'hello',
      sessionId,
      mode: 'play',
      ...(speed !== undefined ? { speed } : {}),
      ...(idleLimit !== undefined ? { idleLimit } : {}),
      ...(from ? { from } : {}),
    };
  }
  throw new ProtocolError(
    `hello.mode must be "follow" or "play", got ${JSON.stringify(message['mode'])}`,
  );
}

function parseControl(message: Record<string, unknown>): ClientControl {
  switch (message['type']) {
    case 'pause':
    case 'resume':
    case 'next-command':
    case 'unfollow':
      return { type: message['type'] };
    case 'speed':
      return { type: 'speed', speed: optionalSpeed(message, 'speed.speed', true)! };
    case 'seek':
      return { type: 'seek', ...moment(message, 'seek') };
    default:
      throw new ProtocolError(
        `unknown message type ${JSON.stringify(message['type'])}: expected hello or one of ${CONTROL_TYPES.join(', ')}`,
      );
  }
}

export function optionalQueue(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !QUEUE_NAME.test(value))
    throw new ProtocolError(
      `${what} must be 1-64 letters, digits, '.', '_' or '-', got ${JSON.stringify(value)}`,
    );
  return value;
}

function moment(value: unknown, what: string): MomentMessage {
  const message = record(value, what);
  if (message['seq'] !== undefined)
    return { seq: optionalNumber(message, 'seq', `${what}.seq`, { min: 0, integer: true })! };
  if (message['time'] !== undefined)
    return { time: optionalNumber(message, 'time', `${what}.time`, { min: 0 })! };
  throw new ProtocolError(`${what} needs seq (an event) or time (seconds from the start)`);
}

function optionalSpeed(
  message: Record<string, unknown>,
  what: string,
  required = false,
): number | undefined {
  if (required && message['speed'] === undefined) throw new ProtocolError(`${what} is required`);
  const speed = optionalNumber(message, 'speed', what, { min: 0, exclusive: true });
  if (speed !== undefined && speed > MAX_SPEED)
    throw new ProtocolError(`${what} must be at most ${MAX_SPEED}, got ${speed}`);
  return speed;
}

function optionalNumber(
  message: Record<string, unknown>,
  field: string,
  what: string,
  rule: { min: number; exclusive?: boolean; integer?: boolean },
): number | undefined {
  const value = message[field];
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule.exclusive ? value > rule.min : value >= rule.min) &&
    (!rule.integer || Number.isInteger(value));
  if (!ok) {
    const kind = rule.integer ? 'an integer' : 'a number';
    throw new ProtocolError(
      `${what} must be ${kind} ${rule.exclusive ? '>' : '>='} ${rule.min}, got ${JSON.stringify(value)}`,
    );
  }
  return value as number;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ProtocolError(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
