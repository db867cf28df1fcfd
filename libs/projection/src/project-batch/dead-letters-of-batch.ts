import { AnyEvent, DecodedBatch } from '@backtrack/events';
import { AppendResult, NewDeadLetter } from '@backtrack/store';
import { Gap } from '../projection/project-events';

export function rejectedEventLetters(batch: DecodedBatch): NewDeadLetter[] {
  return batch.rejected.map(({ raw, error }) => ({
    source: 'projector',
    sessionId: batch.sessionId,
    seq: error.seq,
    type: error.eventType,
    reason: error.message,
    raw: JSON.stringify(raw) ?? String(raw),
  }));
}

export function conflictLetters(conflicts: AppendResult['conflicts']): NewDeadLetter[] {
  return conflicts.map(({ event, storedId }) =>
    eventLetter(
      event,
      `conflict: seq ${event.seq} already stored with another id (stored ${storedId}, received ${event.id})`,
    ),
  );
}

export function gapLetters(gaps: Gap[]): NewDeadLetter[] {
  return gaps.map(({ event, expectedSeq }) =>
    eventLetter(event, `gap: expected seq ${expectedSeq}, got ${event.seq}`),
  );
}

function eventLetter(event: AnyEvent, reason: string): NewDeadLetter {
  return {
    source: 'projector',
    sessionId: event.sessionId,
    seq: event.seq,
    type: event.type,
    reason,
    raw: JSON.stringify(event),
  };
}
