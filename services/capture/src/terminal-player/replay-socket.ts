import type { ClientControl, ServerMessage } from '@backtrack/playback';
import { WebSocket } from 'ws';

// The server answered the upgrade with plain HTTP (docs/replay-protocol.md: 400, 401, 404...).
export class ReplayRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ReplayRefused';
  }

  // 5xx may pass; a bad request, a bad token or an unknown session will not.
  get final(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

export interface ReplaySocketHandlers {
  message(message: ServerMessage): void;
  // Only after the socket opened; a failed open rejects openReplaySocket instead.
  closed(code: number, reason: string): void;
}

export interface ReplaySocket {
  send(control: ClientControl): void;
  close(): void;
}

// One replay WebSocket: resolves once it is open, rejects with ReplayRefused or the network error.
export function openReplaySocket(
  url: string,
  token: string,
  handlers: ReplaySocketHandlers,
): Promise<ReplaySocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
    let opened = false;
    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        reject(new ReplayRefused(status, `${status} ${refusalText(body, response.statusMessage)}`));
        ws.terminate();
      });
    });
    ws.on('open', () => {
      opened = true;
      resolve({
        send: (control) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(control)),
        close: () => {
          ws.close(1000, 'viewer left');
          // A server that does not answer the close must not keep the viewer waiting for ws's 30 s.
          setTimeout(() => ws.terminate(), 1000).unref();
        },
      });
    });
    ws.on('message', (data, isBinary) => {
      const message = isBinary ? undefined : parseServerMessage(data.toString());
      handlers.message(
        message ?? { type: 'error', message: 'the server sent a frame that is not a message' },
      );
    });
    ws.on('error', (error) => {
      if (!opened) reject(error);
    });
    ws.on('close', (code, reason) => {
      if (opened) handlers.closed(code, reason.toString());
      else reject(new Error(`closed before opening (${code})`));
    });
  });
}

// The protocol's server messages are JSON objects with a type; anything else is reported, not thrown.
function parseServerMessage(text: string): ServerMessage | undefined {
  try {
    const parsed = JSON.parse(text) as { type?: unknown };
    return typeof parsed?.type === 'string' ? (parsed as ServerMessage) : undefined;
  } catch {
    return undefined;
  }
}

function refusalText(body: string, statusMessage: string | undefined): string {
  try {
    const error = (JSON.parse(body) as { error?: unknown }).error;
    if (typeof error === 'string') return error;
  } catch {
    // Not the JSON refusal the protocol describes: say what came.
  }
  return body.trim() || statusMessage || 'refused';
}
