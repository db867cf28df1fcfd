import { AnyEvent } from '@backtrack/events';
import { GatewayClient, GatewayError } from '../gateway-client/gateway-client';

// GET /api/v1/sessions/:id/events answers { items, nextAfter } (docs/api.md).
interface SessionEventsPage {
  items: AnyEvent[];
  nextAfter: number | null;
}

export const EVENTS_PAGE_SIZE = 5000;

// All of a session's events in seq order, a page at a time; onPage hears the running count.
export async function fetchSessionEvents(
  client: GatewayClient,
  sessionId: string,
  onPage: (fetched: number) => void = () => undefined,
  pageSize = EVENTS_PAGE_SIZE,
): Promise<AnyEvent[]> {
  const path = `/api/v1/sessions/${encodeURIComponent(sessionId)}/events`;
  const events: AnyEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await getPage(client, path, sessionId, after, pageSize);
    for (const event of page.items) events.push(event);
    onPage(events.length);
    const last = page.items[page.items.length - 1];
    if (!last || page.items.length < pageSize || page.nextAfter === null) return events;
    after = page.nextAfter ?? last.seq;
  }
}

async function getPage(
  client: GatewayClient,
  path: string,
  sessionId: string,
  after: number,
  limit: number,
): Promise<SessionEventsPage> {
  try {
    return await client.get<SessionEventsPage>(path, { after, limit });
  } catch (error) {
    if (error instanceof GatewayError && error.status === 404)
      throw new Error(
        `no session "${sessionId}" on ${client.server} that your team can see (list them with \`backtrack sessions\`)`,
      );
    throw error;
  }
}
