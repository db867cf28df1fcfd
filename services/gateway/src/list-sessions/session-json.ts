import { SessionSummary } from '@backtrack/store';
import { SessionDto } from './session.dto';

export function sessionJson(session: SessionSummary): SessionDto {
  return {
    ...session,
    startedAt: session.startedAt.toISOString(),
    endedAt: session.endedAt?.toISOString() ?? null,
    lastAt: session.lastAt.toISOString(),
  };
}
