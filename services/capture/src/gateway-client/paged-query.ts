import { Page } from './answers';
import { GatewayClient } from './gateway-client';

export const MAX_PAGE = 1000;

// Follows nextCursor until `limit` items are in; says whether the server had more.
export async function fetchPages<T>(
  client: GatewayClient,
  path: string,
  query: Record<string, string | number | undefined>,
  limit: number,
  pageSize = MAX_PAGE,
): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await client.get<Page<T>>(path, {
      ...query,
      limit: Math.min(limit - items.length, pageSize),
      cursor,
    });
    items.push(...page.items);
    if (!page.nextCursor) return { items, more: false };
    if (items.length >= limit) return { items, more: true };
    cursor = page.nextCursor;
  }
}

export function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`--limit must be a whole number above 0 (got "${value}")`);
  return limit;
}
