import { IncomingMessage, Server } from 'node:http';
import { connect as connectTcp, isIP, Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as connectTls } from 'node:tls';

// The replay WebSockets (docs/replay-protocol.md); every other upgrade is answered 404.
const REPLAY_PATH = /^\/api\/v1\/sessions\/[^/]+\/(follow|play)$/;
const CONNECT_TIMEOUT_MS = 10_000;

export const REPLAY_NOT_CONFIGURED =
  'the replay service is not configured: start backtrack-replay and set BACKTRACK_REPLAY_URL=http://host:port on the gateway';

export interface ReplayForwarder {
  // Drops the connections it carries, so the HTTP server can close.
  close(): void;
}

// Split mode: follow and play reach the gateway and are passed, bytes as they are (headers, query, token and all),
// to the replay service, which authenticates and answers the upgrade itself.
export function forwardReplayUpgrades(
  server: Server,
  replayUrl: URL | undefined,
  log: (line: string) => void,
): ReplayForwarder {
  const carried = new Set<Duplex>();
  const track = (socket: Duplex) => {
    carried.add(socket);
    socket.once('close', () => carried.delete(socket));
  };
  const onUpgrade = (request: IncomingMessage, client: Duplex, head: Buffer) => {
    client.on('error', () => undefined); // a client that vanishes mid-way is nothing to report
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    if (!REPLAY_PATH.test(path)) return refuse(client, 404, `no WebSocket endpoint at ${path}`);
    if (!replayUrl) return refuse(client, 503, REPLAY_NOT_CONFIGURED);
    track(client);
    const secure = replayUrl.protocol === 'https:' || replayUrl.protocol === 'wss:';
    const upstream = dial(replayUrl, secure);
    track(upstream);
    let connected = false;
    upstream.setTimeout(CONNECT_TIMEOUT_MS, () =>
      upstream.destroy(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)),
    );
    upstream.once(secure ? 'secureConnect' : 'connect', () => {
      connected = true;
      upstream.setTimeout(0);
      upstream.write(requestHead(request, replayUrl));
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (connected) return client.destroy();
      const why = error.code ?? error.message;
      log(`gateway: the replay service at ${replayUrl.origin} cannot be reached (${why})`);
      refuse(
        client,
        502,
        `the replay service at ${replayUrl.origin} cannot be reached (${why}); check BACKTRACK_REPLAY_URL of the gateway`,
      );
    });
    client.once('close', () => upstream.destroy()); // nobody left to carry the replay's answer to
  };
  server.on('upgrade', onUpgrade);
  return {
    close: () => {
      server.off('upgrade', onUpgrade);
      for (const socket of carried) socket.destroy();
    },
  };
}

function dial(url: URL, secure: boolean): Socket {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || (secure ? 443 : 80));
  if (!secure) return connectTcp({ host, port });
  return connectTls({ host, port, ...(isIP(host) ? {} : { servername: host }) });
}

// The client's request line and headers, as it sent them; only the path gains the replay URL's own prefix.
function requestHead(request: IncomingMessage, replayUrl: URL): string {
  const prefix = replayUrl.pathname.replace(/\/+$/, '');
  const lines = [`${request.method} ${prefix}${request.url} HTTP/${request.httpVersion}`];
  for (let i = 0; i < request.rawHeaders.length; i += 2)
    lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function refuse(socket: Duplex, status: 404 | 502 | 503, message: string): void {
  const reason = { 404: 'Not Found', 502: 'Bad Gateway', 503: 'Service Unavailable' }[status];
  const body = JSON.stringify({ error: message });
  if (!socket.writable) return void socket.destroy();
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}
