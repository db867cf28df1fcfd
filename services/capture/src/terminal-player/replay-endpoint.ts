import { loadCliConfig } from '../config/cli-config';
import { NOT_LOGGED_IN } from '../gateway-client/connect-gateway';

// Where the replay WebSockets are, and the token that opens them.
export interface ReplayEndpoint {
  // ws:// or wss:// base, no trailing slash.
  base: string;
  token: string;
}

export interface PlayQuery {
  speed?: number;
  idleLimit?: number;
  from?: { seq: number } | { time: number };
}

// --replay, else BACKTRACK_REPLAY_URL, else the configured server (single-process mode serves replay there too).
export function replayEndpoint(flags: { replay?: string } = {}): ReplayEndpoint {
  const config = loadCliConfig();
  const given = flags.replay ?? (process.env['BACKTRACK_REPLAY_URL'] || undefined);
  const server = given ?? config.server;
  if (!server) throw new Error(NOT_LOGGED_IN);
  if (!config.token)
    throw new Error(
      `no token for ${server}: run \`backtrack login --server URL --token TOKEN\`, or set BACKTRACK_TOKEN`,
    );
  return { base: toWebSocketUrl(server), token: config.token };
}

// http→ws, https→wss; ws:// and wss:// pass as they are.
export function toWebSocketUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`the replay URL "${url}" is not a URL (expected e.g. http://127.0.0.1:7071)`);
  }
  const scheme = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' }[
    parsed.protocol
  ];
  if (!scheme)
    throw new Error(`the replay URL "${url}" must start with http://, https://, ws:// or wss://`);
  return `${scheme}${url.slice(parsed.protocol.length)}`.replace(/\/+$/, '');
}

// Why a first connection failed, with what to check.
export function unreachable(endpoint: ReplayEndpoint, why: string): string {
  return `no replay server answers at ${endpoint.base} (${why}); is Backtrack running there? (\`backtrack login\` sets the server; --replay or BACKTRACK_REPLAY_URL point at a replay service directly)`;
}

export function followUrl(endpoint: ReplayEndpoint, sessionId: string, after?: number): string {
  const query = after === undefined ? '' : `?after=${after}`;
  return `${sessionPath(endpoint, sessionId)}/follow${query}`;
}

export function playUrl(endpoint: ReplayEndpoint, sessionId: string, query: PlayQuery): string {
  const params = new URLSearchParams();
  if (query.speed !== undefined) params.set('speed', String(query.speed));
  if (query.idleLimit !== undefined) params.set('idleLimit', String(query.idleLimit));
  if (query.from && 'seq' in query.from) params.set('fromSeq', String(query.from.seq));
  if (query.from && 'time' in query.from) params.set('from', String(query.from.time));
  const qs = params.toString();
  return `${sessionPath(endpoint, sessionId)}/play${qs ? `?${qs}` : ''}`;
}

function sessionPath(endpoint: ReplayEndpoint, sessionId: string): string {
  return `${endpoint.base}/api/v1/sessions/${encodeURIComponent(sessionId)}`;
}
