import { createHash } from 'node:crypto';
import { Queryable } from '../queryable';
import {
  COUNT_DEAD_LETTERS_SQL,
  LIST_DEAD_LETTERS_SQL,
  RECORD_DEAD_LETTERS_SQL,
} from './dead-letters.sql';

// 'projector': an event it could not apply; 'bus': a batch the bus gave up on (poison).
export type DeadLetterSource = 'projector' | 'bus';

export interface NewDeadLetter {
  source: DeadLetterSource;
  sessionId?: string | undefined;
  seq?: number | undefined;
  type?: string | undefined;
  reason: string;
  raw: string;
}

export interface DeadLetterRow {
  id: number;
  receivedAt: Date;
  source: string;
  sessionId: string | null;
  seq: number | null;
  type: string | null;
  reason: string;
  raw: string;
  rawLength: number;
}

// Returns the letters that were new: one already recorded (same fingerprint) is not recorded again.
export async function recordDeadLetters(
  db: Queryable,
  letters: NewDeadLetter[],
): Promise<NewDeadLetter[]> {
  if (letters.length === 0) return [];
  const fingerprints = letters.map(fingerprintOf);
  const recorded: Array<{ fingerprint: string }> = await db.query(RECORD_DEAD_LETTERS_SQL, [
    letters.map((l) => l.source),
    letters.map((l) => l.sessionId ?? null),
    letters.map((l) => l.seq ?? null),
    letters.map((l) => l.type ?? null),
    letters.map((l) => l.reason),
    // Postgres text cannot hold NUL; a poison body may contain one.
    letters.map((l) => l.raw.replace(/\u0000/g, '\\u0000')),
    fingerprints,
  ]);
  const fresh = new Set(recorded.map((row) => row.fingerprint));
  return letters.filter((_, i) => fresh.delete(fingerprints[i]!));
}

export async function recordDeadLetter(db: Queryable, letter: NewDeadLetter): Promise<boolean> {
  return (await recordDeadLetters(db, [letter])).length === 1;
}

export async function listDeadLetters(
  db: Queryable,
  options: { limit?: number; source?: DeadLetterSource; rawChars?: number } = {},
): Promise<DeadLetterRow[]> {
  const rows = await db.query(LIST_DEAD_LETTERS_SQL, [
    options.limit ?? 50,
    options.rawChars ?? 500,
    options.source ?? null,
  ]);
  return rows.map((r: Record<string, unknown>) => ({
    id: r['id'],
    receivedAt: r['received_at'],
    source: r['source'],
    sessionId: r['session_id'],
    seq: r['seq'],
    type: r['type'],
    reason: r['reason'],
    raw: r['raw'],
    rawLength: r['raw_length'],
  }));
}

export async function countDeadLetters(
  db: Queryable,
): Promise<Array<{ source: string; count: number; latest: Date }>> {
  return db.query(COUNT_DEAD_LETTERS_SQL);
}

// Same source, place, reason and content: the same letter, recorded once however often its batch is redelivered.
function fingerprintOf(letter: NewDeadLetter): string {
  const hash = createHash('sha256');
  for (const part of [
    letter.source,
    letter.sessionId ?? '',
    String(letter.seq ?? ''),
    letter.reason,
    letter.raw,
  ]) {
    hash.update(part).update('\u0000');
  }
  return hash.digest('base64url');
}
