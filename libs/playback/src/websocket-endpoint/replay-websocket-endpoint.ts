import { IncomingMessage, Server } from 'node:http';
import { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { EventBus } from '@backtrack/bus';
import { authorizeSession } from '../authorize-session/authorize-session';
import { DurableFollows } from '../follow-durably/durable-follows';
import { QueueOwner } from '../follow-durably/follow-queue-group';
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
  // Follows with a queue of their own (?queue=NAME) subscribe groups on this bus; without it they are refused (400).
  bus?: EventBus;
}

const MAX_EARLY_CONTROLS = 16;

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
  const durable =
    options.durable ??
    (options.bus ? new DurableFollows(options.db, options.bus, { log }) : undefined);
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
    if (hello.mode === 'follow' && hello.queue !== undefined && !durable)
      return refuse(
        socket,
        400,
        'this replay server keeps no follow queues: follow without queue=',
      );
    const viewer = { user: access.user, teamId: access.teamId };
    sockets.handleUpgrade(request, socket, head, (ws) => void serve(ws, hello, viewer));
  }

  async function serve(
    ws: WebSocket,
    hello: ReplayRoute['hello'],
    viewer: QueueOwner,
  ): Promise<void> {
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
    const control = (text: string, opened: ReplayStream) => {
      try {
        const message = parseClientMessage(text);
        if (message.type === 'hello')
          throw new ProtocolError('hello was given by the URL; send controls only');
        opened.control(message);
      } catch (error) {
        ws.send(encodeMessage({ type: 'error', message: (error as Error).message }));
      }
    };
    // A client may send a control as soon as the socket opens (an unfollow at once), before its stream has started
    // (a follow's queue is still being subscribed): such controls wait for it.
    const early: string[] = [];
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      if (stream) return control(text, stream);
      if (early.length < MAX_EARLY_CONTROLS) early.push(text);
      else
        ws.send(
          encodeMessage({ type: 'error', message: 'too many controls before the stream started' }),
        );
    });
    try {
      stream = await openReplayStream(hello, socketSink(ws), { ...options, durable }, viewer);
      if (ws.readyState !== WebSocket.OPEN) await stream.close();
      else for (const text of early.splice(0)) control(text, stream);
    } catch (error) {
      ws.send(encodeMessage({ type: 'error', message: (error as Error).message }));
      ws.close(1011, 'could not start');
    }
  }

  server.on('upgrade', onUpgrade);
  return {
    close: async () => {
      server.off('upgrade', onUpgrade);
      if (durable && !options.durable) await durable.close(); // queues keep what is not sent, for a restarted server
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
    close: (code, reason) => ws.close(code, reason),
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
