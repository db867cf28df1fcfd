import { IncomingMessage, Server } from 'node:http';
import { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { authorizeSession } from '../authorize-session/authorize-session';
import { FollowSink } from '../follow-session/follow-session';
import { encodeMessage } from '../protocol/messages';
import { parseClientMessage, ProtocolError } from '../protocol/parse-client-message';
import { openReplayStream, ReplayDeps, ReplayStream } from '../replay-stream/open-replay-stream';
import { ReplayRoute, replayRoute } from './replay-route';

export interface ReplayEndpointOptions extends ReplayDeps {
  // Answer upgrades on other paths with 404 (a standalone replay server); else leave them to other handlers.
  rejectOtherPaths?: boolean;
  // Clients that do not answer a ping within this long are dropped.
  heartbeatMs?: number;
  log?: (line: string) => void;
}

export interface ReplayEndpoint {
  close(): Promise<void>;
}

// The replay protocol over WebSockets on an HTTP server: GET /api/v1/sessions/:id/follow and /play, with a token.
export function attachReplayEndpoint(
  server: Server,
  options: ReplayEndpointOptions,
): ReplayEndpoint {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const log = options.log ?? (() => undefined);
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void upgrade(request, socket, head).catch((error: Error) => {
      log(`replay: upgrade failed: ${error.message}`);
      refuse(socket, 500, 'internal error');
    });
  };

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let route: ReplayRoute | undefined;
    try {
      route = replayRoute(request.url ?? '/', request.headers);
    } catch (error) {
      if (error instanceof ProtocolError) return refuse(socket, 400, error.message);
      throw error;
    }
    if (!route) {
      if (options.rejectOtherPaths) refuse(socket, 404, `no WebSocket endpoint at ${request.url}`);
      return;
    }
    const access = await authorizeSession(options.db, route.token, route.hello.sessionId);
    if (access.kind === 'unauthenticated') return refuse(socket, 401, access.message);
    if (access.kind === 'not-found') return refuse(socket, 404, access.message);
    const hello = route.hello;
    sockets.handleUpgrade(request, socket, head, (ws) => void serve(ws, hello));
  }

  async function serve(ws: WebSocket, hello: ReplayRoute['hello']): Promise<void> {
    let alive = true;
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, options.heartbeatMs ?? 30_000);
    heartbeat.unref();
    let stream: ReplayStream | undefined;
    ws.on('close', () => {
      clearInterval(heartbeat);
      void stream?.close();
    });
    ws.on('message', (data, isBinary) => {
      if (!stream) return;
      try {
        const message = parseClientMessage(isBinary ? '' : data.toString());
        if (message.type === 'hello')
          throw new ProtocolError('hello was given by the URL; send controls only');
        stream.control(message);
      } catch (error) {
        ws.send(encodeMessage({ type: 'error', message: (error as Error).message }));
      }
    });
    try {
      stream = await openReplayStream(hello, socketSink(ws), options);
      if (ws.readyState !== WebSocket.OPEN) await stream.close();
    } catch (error) {
      ws.send(encodeMessage({ type: 'error', message: (error as Error).message }));
      ws.close(1011, 'could not start');
    }
  }

  server.on('upgrade', onUpgrade);
  return {
    close: async () => {
      server.off('upgrade', onUpgrade);
      for (const client of sockets.clients) client.close(1001, 'server closing');
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

// A send resolves once ws has written the frame out, so a client that stops reading holds back its follower.
function socketSink(ws: WebSocket): FollowSink {
  const send = (data: string | Buffer) =>
    new Promise<void>((resolve, reject) => {
      if (ws.readyState !== WebSocket.OPEN) return reject(new Error('socket closed'));
      // Bytes go out as they are, in a text frame: the protocol is JSON text.
      ws.send(data, { binary: false }, (error) => (error ? reject(error) : resolve()));
    });
  return {
    send,
    sendUtf8: send,
    end: () => ws.close(1000, 'session ended'),
    fail: (message) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(encodeMessage({ type: 'error', message }));
      ws.close(1011, 'stream failed');
    },
  };
}

function refuse(socket: Duplex, status: 400 | 401 | 404 | 500, message: string): void {
  const body = JSON.stringify({ error: message });
  const reason = {
    400: 'Bad Request',
    401: 'Unauthorized',
    404: 'Not Found',
    500: 'Internal Server Error',
  }[status];
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `${status === 401 ? 'WWW-Authenticate: Bearer\r\n' : ''}Connection: close\r\n\r\n${body}`,
  );
}
