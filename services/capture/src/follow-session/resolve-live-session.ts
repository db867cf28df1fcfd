import { Page, SessionSummary } from '../gateway-client/answers';
import { GatewayClient } from '../gateway-client/gateway-client';

// "@ada": the newest session of that user that has not ended; anything else is a session id as it is.
export async function resolveLiveSession(
  target: string,
  gateway: () => GatewayClient,
): Promise<{ sessionId: string; user?: string }> {
  if (!target.startsWith('@')) return { sessionId: target };
  const user = target.slice(1);
  if (!user) throw new Error('"@" names no user: expected @USER, e.g. `backtrack follow @ada`');
  const { items } = await gateway().get<Page<SessionSummary>>('/api/v1/sessions', {
    user,
    limit: 50,
  });
  const live = items.find((session) => session.endedAt === null);
  if (live) return { sessionId: live.sessionId, user };
  const newest = items[0];
  if (!newest)
    throw new Error(
      `no sessions of ${user} in your team: check the name with \`backtrack sessions\``,
    );
  throw new Error(
    `${user} has no live session: the newest, ${newest.sessionId}, ended at ${newest.endedAt}; replay it with \`backtrack play ${newest.sessionId}\``,
  );
}
