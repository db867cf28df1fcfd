import { Hello } from '../protocol/messages';
import { optionalQueue, parseHello, ProtocolError } from '../protocol/parse-client-message';

const ROUTE = /^\/api\/v1\/sessions\/([^/]+)\/(follow|play)$/;

export interface ReplayRoute {
  hello: Hello;
  token: string | undefined;
}

// GET /api/v1/sessions/:id/follow?after=N&queue=NAME and /play?speed=&idleLimit=&from=(seconds)|fromSeq=; undefined for any
// other path. Throws ProtocolError naming a bad parameter.
export function replayRoute(
  url: string,
  headers: Record<string, string | string[] | undefined>,
): ReplayRoute | undefined {
  const parsed = new URL(url, 'http://replay');
  const match = ROUTE.exec(parsed.pathname);
  if (!match) return undefined;
  const query = parsed.searchParams;
  const sessionId = decodeURIComponent(match[1]!);
  const hello =
    match[2] === 'follow'
      ? parseHello({
          type: 'hello',
          sessionId,
          mode: 'follow',
          after: numberParam(query, 'after'),
          queue: optionalQueue(query.get('queue') ?? undefined, 'query parameter queue'),
        })
      : parseHello({
          type: 'hello',
          sessionId,
          mode: 'play',
          speed: numberParam(query, 'speed'),
          idleLimit: numberParam(query, 'idleLimit'),
          from: fromParam(query),
        });
  return {
    hello,
    token: bearerToken(headers['authorization']) ?? (query.get('token') || undefined),
  };
}

function fromParam(query: URLSearchParams): { seq: number } | { time: number } | undefined {
  if (query.has('fromSeq')) return { seq: numberParam(query, 'fromSeq')! };
  if (query.has('from')) return { time: numberParam(query, 'from')! };
  return undefined;
}

function numberParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value))
    throw new ProtocolError(`query parameter ${name} must be a number, got "${raw}"`);
  return value;
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value ? /^Bearer\s+(\S+)\s*$/i.exec(value)?.[1] : undefined;
}
