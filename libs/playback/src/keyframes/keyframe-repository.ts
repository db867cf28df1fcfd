import { Queryable } from '@backtrack/store';
import { ScreenSnapshot } from '../session-screen/session-screen';
import {
  COUNT_KEYFRAMES_SQL,
  LIST_KEYFRAMES_SQL,
  NEAREST_KEYFRAME_BY_SEQ_SQL,
  NEAREST_KEYFRAME_BY_TIME_SQL,
  SAVE_KEYFRAME_SQL,
} from './keyframes.sql';

// A stored snapshot: the screen right after event `seq`.
export type Keyframe = ScreenSnapshot & { at: number };

interface KeyframeRow {
  session_id: string;
  seq: number;
  at_ms: number;
  cols: number;
  rows: number;
  screen: string;
}

export type KeyframeTarget = { atOrBeforeSeq: number } | { atOrBeforeTime: number };

export async function saveKeyframe(db: Queryable, keyframe: Keyframe): Promise<void> {
  await db.query(SAVE_KEYFRAME_SQL, [
    keyframe.sessionId,
    keyframe.seq,
    keyframe.at,
    keyframe.cols,
    keyframe.rows,
    keyframe.screen,
  ]);
}

// The latest keyframe at or before the target (a seq, or epoch ms); undefined when the session has none there.
export async function nearestKeyframe(
  db: Queryable,
  sessionId: string,
  target: KeyframeTarget,
): Promise<Keyframe | undefined> {
  const rows: KeyframeRow[] =
    'atOrBeforeSeq' in target
      ? await db.query(NEAREST_KEYFRAME_BY_SEQ_SQL, [sessionId, target.atOrBeforeSeq])
      : await db.query(NEAREST_KEYFRAME_BY_TIME_SQL, [sessionId, target.atOrBeforeTime]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    sessionId: row.session_id,
    seq: row.seq,
    at: row.at_ms,
    cols: row.cols,
    rows: row.rows,
    screen: row.screen,
  };
}

export async function countKeyframes(db: Queryable, sessionId: string): Promise<number> {
  const [row] = await db.query(COUNT_KEYFRAMES_SQL, [sessionId]);
  return row.count;
}

export interface KeyframePage {
  afterSeq: number;
  limit: number;
}

// A session's stored keyframes with seq > afterSeq, in seq order, at most `limit`.
export async function listKeyframes(
  db: Queryable,
  sessionId: string,
  page: KeyframePage,
): Promise<Keyframe[]> {
  const rows: KeyframeRow[] = await db.query(LIST_KEYFRAMES_SQL, [
    sessionId,
    page.afterSeq,
    page.limit,
  ]);
  return rows.map((row) => ({
    sessionId: row.session_id,
    seq: row.seq,
    at: row.at_ms,
    cols: row.cols,
    rows: row.rows,
    screen: row.screen,
  }));
}
