import { NotFoundException } from '@nestjs/common';
import { Caller, Queryable, sessionOwner } from '@backtrack/store';

// Shares are made and listed only for a session of the caller's team; another team's is answered as missing.
export async function assertTeamSession(
  db: Queryable,
  sessionId: string,
  caller: Caller,
): Promise<void> {
  const owner = await sessionOwner(db, sessionId);
  if (owner === undefined || !caller.members.includes(owner))
    throw new NotFoundException(`no session "${sessionId}" in team ${caller.team.name}`);
}
