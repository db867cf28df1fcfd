import WebSocket from 'ws';
import { expectEventually } from './expect-eventually';

// What a test reads of the replay protocol's messages; callers pass their own message type for the rest.
interface SeqsOf {
  type: string;
  seq?: number;
  events?: Array<{ seq: number }>;
}

type EventsOf<M> = M extends { type: 'events'; events: Array<infer E> } ? E : never;

export interface ReplayClientOptions {
  token?: string;
  headers?: Record<string, string>;
}

// A test's WebSocket client of the replay protocol: every message the server sent, how the connection closed, or how
// its upgrade was refused (status and body).
export class ReplayClient<M extends { type: string } = SeqsOf> {
  readonly messages: M[] = [];
  readonly socket: WebSocket;
  closed: { code: number; reason: string } | undefined;
  refusal: { status: number; body: string } | undefined;

  constructor(url: string, { token, headers = {} }: ReplayClientOptions = {}) {
    const socket = new WebSocket(url, {
      headers: token ? { ...headers, Authorization: `Bearer ${token}` } : headers,
    });
    this.socket = socket;
    socket.on('message', (data) => this.messages.push(JSON.parse(data.toString()) as M));
    socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (text: string) => (body += text));
      response.on('end', () => {
        this.refusal = { status: response.statusCode ?? 0, body };
        socket.terminate();
      });
    });
    socket.on('error', () => undefined); // a refused upgrade errors too; `refusal` says why
  }

  get closeCode(): number | undefined {
    return this.closed?.code;
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  events(): Array<EventsOf<M>> {
    return this.messages.flatMap((m) =>
      m.type === 'events' ? (m as EventsMessage<M>).events : [],
    );
  }

  seqs(): number[] {
    return (this.events() as Array<{ seq: number }>).map((event) => event.seq);
  }

  // The last seq shown: what a reconnecting client passes as after=.
  lastSeq(): number {
    let last = 0;
    for (const m of this.messages as SeqsOf[]) {
      if (m.type === 'snapshot') last = m.seq!;
      if (m.type === 'events') last = m.events!.at(-1)?.seq ?? last;
    }
    return last;
  }

  async receivedUpTo(seq: number, timeoutMs = 45_000): Promise<void> {
    await expectEventually(
      () => {
        if (this.lastSeq() < seq)
          throw new Error(`has up to ${this.lastSeq()}, waiting for ${seq}`);
      },
      { timeoutMs },
    );
  }

  async closedWith(timeoutMs = 45_000): Promise<{ code: number; reason: string }> {
    await expectEventually(
      () => {
        if (!this.closed) throw new Error('the socket is still open');
      },
      { timeoutMs },
    );
    return this.closed!;
  }

  async refused(): Promise<{ status: number; body: string }> {
    await expectEventually(() => {
      if (!this.refusal) throw new Error('the upgrade was not refused');
    });
    return this.refusal!;
  }

  close(): void {
    this.socket.close();
  }

  // Leaves as a client does, and waits until the connection is gone.
  async leave(): Promise<void> {
    this.close();
    await this.closedWith();
  }
}

type EventsMessage<M> = M & { events: Array<EventsOf<M>> };
