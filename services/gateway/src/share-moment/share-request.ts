import { BadRequestException } from '@nestjs/common';
import { MomentQuery } from '@backtrack/store';

export interface ShareRequest {
  // undefined: the session's last event so far.
  at: MomentQuery;
  expiresAt: Date | null;
  label: string;
}

const FIELDS = ['at', 'expiresAt', 'expiresIn', 'label'];
const MAX_LABEL = 200;
const MAX_SEQ = 2 ** 31 - 1;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const MAX_EXPIRY_MS = 366 * UNIT_MS.d;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

// The body of POST /api/v1/sessions/:id/shares, read strictly: an unknown or malformed field is a 400 naming it.
export function parseShareRequest(body: unknown, now: number): ShareRequest {
  if (body === undefined) return { at: undefined, expiresAt: null, label: '' };
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('the body must be a JSON object such as {"at":{"seq":120},"expiresIn":"7d"}');
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((name) => !FIELDS.includes(name));
  if (unknown.length > 0)
    throw invalid(
      `unknown body field ${unknown.map((n) => `"${n}"`).join(', ')}; expected ${FIELDS.join(', ')}`,
    );
  return {
    at: parseAt(fields['at']),
    expiresAt: parseExpiry(fields['expiresAt'], fields['expiresIn'], now),
    label: parseLabel(fields['label']),
  };
}

function parseAt(at: unknown): MomentQuery {
  if (at === undefined || at === null) return undefined;
  const shape = 'body field "at" must be {"seq": N} (N from 1) or {"offsetMs": N} (N from 0)';
  if (typeof at !== 'object' || Array.isArray(at))
    throw invalid(`${shape}; got ${JSON.stringify(at)}`);
  const keys = Object.keys(at);
  const value = (at as Record<string, unknown>)[keys[0] ?? ''];
  if (keys.length === 1 && keys[0] === 'seq' && isWhole(value, 1, MAX_SEQ)) return { seq: value };
  if (keys.length === 1 && keys[0] === 'offsetMs' && isWhole(value, 0, Number.MAX_SAFE_INTEGER))
    return { offsetMs: value };
  throw invalid(`${shape}; got ${JSON.stringify(at)}`);
}

function parseExpiry(expiresAt: unknown, expiresIn: unknown, now: number): Date | null {
  if (expiresAt !== undefined && expiresIn !== undefined)
    throw invalid('give either body field "expiresAt" or "expiresIn", not both');
  if (expiresIn !== undefined) return new Date(now + durationMs(expiresIn));
  if (expiresAt === undefined || expiresAt === null) return null;
  const time =
    typeof expiresAt === 'string' && ISO_WITH_ZONE.test(expiresAt) ? Date.parse(expiresAt) : NaN;
  if (Number.isNaN(time))
    throw invalid(
      `body field "expiresAt" must be an ISO-8601 date-time with a zone, such as 2026-12-01T09:00:00Z (got ${JSON.stringify(expiresAt)})`,
    );
  if (time <= now)
    throw invalid(`body field "expiresAt" (${expiresAt}) is in the past: a link must expire later`);
  return new Date(time);
}

// '30m', '24h', '7d', '2w': how long the link stays open.
export function durationMs(expiresIn: unknown): number {
  const match = typeof expiresIn === 'string' ? /^(\d{1,6})([mhdw])$/.exec(expiresIn) : null;
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : NaN;
  if (!(ms > 0) || ms > MAX_EXPIRY_MS)
    throw invalid(
      `body field "expiresIn" must be a duration from 1m to 366d such as 30m, 24h, 7d or 2w (got ${JSON.stringify(expiresIn)})`,
    );
  return ms;
}

function parseLabel(label: unknown): string {
  if (label === undefined || label === null) return '';
  if (typeof label !== 'string' || label.length > MAX_LABEL)
    throw invalid(`body field "label" must be text of at most ${MAX_LABEL} characters`);
  return label.trim();
}

function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

function invalid(message: string): BadRequestException {
  return new BadRequestException(message);
}
