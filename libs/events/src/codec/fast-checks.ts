import { Actor, Context } from '../envelope';
import { UUID_V7_PATTERN } from '../uuidv7';

// Hot-path guards: when they pass, the zod schemas would too, so decoding skips zod and builds the result
// directly; when they fail, zod runs to name the field and the reason. Keep them in step with envelope.ts.

const isInt = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value);
const isText = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max;

export interface Header {
  id: string;
  sessionId: string;
  seq: number;
  type: string;
  at: number;
  actor: Actor;
  context?: Context;
  v: number;
}

export function fastHeader(r: Record<string, unknown>): Header | undefined {
  const { id, sessionId, seq, type, at, actor, context, v } = r;
  if (!isText(id, 36, 36) || !UUID_V7_PATTERN.test(id)) return undefined;
  if (!isText(sessionId, 1, 100) || !isText(type, 1, 100)) return undefined;
  if (!isInt(seq) || seq <= 0 || !isInt(at) || at < 0 || !isInt(v) || v <= 0) return undefined;
  const who = fastActor(actor);
  if (!who) return undefined;
  const header: Header = { id, sessionId, seq, type, at, actor: who, v };
  if (context !== undefined) {
    const where = fastContext(context);
    if (!where) return undefined;
    header.context = where;
  }
  return header;
}

function fastActor(value: unknown): Actor | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { user, host } = value as Record<string, unknown>;
  return isText(user, 1, 200) && isText(host, 1, 255) ? { user, host } : undefined;
}

const CONTEXT_LIMITS = { repo: 1000, branch: 500, commit: 64, cwd: 4096 } as const;

function fastContext(value: unknown): Context | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const context: Context = {};
  for (const key of Object.keys(CONTEXT_LIMITS) as Array<keyof typeof CONTEXT_LIMITS>) {
    const field = record[key];
    if (field === undefined) continue;
    if (!isText(field, 0, CONTEXT_LIMITS[key])) return undefined;
    context[key] = field;
  }
  return context;
}

// terminal.output and terminal.input are most of every stream: `{ data: string }`.
export function fastTextPayload(payload: Record<string, unknown>): { data: string } | undefined {
  return typeof payload['data'] === 'string' ? { data: payload['data'] } : undefined;
}
