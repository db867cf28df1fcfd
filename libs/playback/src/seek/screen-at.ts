import { Queryable } from '@backtrack/store';
import { KeyframePolicy } from '../keyframes/keyframe-policy';
import { nearestKeyframe, saveKeyframe } from '../keyframes/keyframe-repository';
import { KeyframeWriter, StoreKeyframe } from '../keyframes/keyframe-writer';
import { readEventRange, seqAtOffset } from '../session-events/session-events';
import { ScreenSnapshot, SessionScreen } from '../session-screen/session-screen';

// A moment of a session: an event (the screen right after it), or a time in ms from its first event.
export type SeekTarget = { seq: number } | { time: number };

export interface SeekOptions {
  policy?: KeyframePolicy;
  // 'fill' (default): store the keyframes the policy wants on the way, so the next seek near here is cheap.
  keyframes?: 'fill' | 'read-only';
}

export function assertSeekTarget(target: SeekTarget): SeekTarget {
  const value = 'seq' in target ? target.seq : target.time;
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`seek target ${JSON.stringify(target)}: expected {seq} or {time} >= 0`);
  return target;
}

export async function resolveSeq(
  db: Queryable,
  sessionId: string,
  target: SeekTarget,
): Promise<number> {
  assertSeekTarget(target);
  return 'seq' in target ? Math.floor(target.seq) : seqAtOffset(db, sessionId, target.time);
}

// The screen right after the target: the nearest keyframe at or before it, then the events up to it. A target past
// the stored end gives the screen at the end.
export async function screenAt(
  db: Queryable,
  sessionId: string,
  target: SeekTarget,
  options: SeekOptions = {},
): Promise<ScreenSnapshot> {
  const writer = await openScreenAt(
    db,
    sessionId,
    await resolveSeq(db, sessionId, target),
    options,
  );
  try {
    return writer.screen.snapshot();
  } finally {
    writer.screen.dispose();
  }
}

// The screen at `seq` with its keyframe writer, for a caller that goes on folding (a live hub). Dispose its screen.
export async function openScreenAt(
  db: Queryable,
  sessionId: string,
  seq: number,
  options: SeekOptions = {},
): Promise<KeyframeWriter> {
  const keyframe =
    seq > 0 ? await nearestKeyframe(db, sessionId, { atOrBeforeSeq: seq }) : undefined;
  const screen = keyframe
    ? await SessionScreen.fromSnapshot(keyframe)
    : SessionScreen.blank(sessionId);
  const store: StoreKeyframe | undefined =
    options.keyframes === 'read-only' ? undefined : (frame) => saveKeyframe(db, frame);
  const writer = new KeyframeWriter(screen, store, options.policy);
  try {
    for await (const page of readEventRange(db, sessionId, {
      afterSeq: screen.seq,
      untilSeq: seq,
    })) {
      await writer.fold(page);
    }
  } catch (error) {
    screen.dispose();
    throw error;
  }
  return writer;
}
