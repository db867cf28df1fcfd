import type { Socket } from 'node:net';
import { BackendTurns } from './backend-turns';
import { PGliteBackend } from './pglite-backend';
import {
  errorResponse,
  findRefusedQuery,
  readStartupRequest,
  readyForQuery,
  splitMessages,
  startupParameters,
  TransactionStatus,
} from './wire-protocol';

export const DATABASE = 'postgres';

// refuse: answer with an error instead of running (after `messages`), as the backend could not survive it.
type Work = { messages: Buffer; terminate: boolean; refuse?: boolean };

// One client connection: cuts its bytes into whole messages and runs them on the shared backend in its turn.
export class WireConnection {
  private pending: Buffer = Buffer.alloc(0);
  private started = false;
  private pumping = false;
  private closed = false;
  private settled = false;
  // Where this client left the backend; anything but idle must be cleaned up if it goes away.
  private status: TransactionStatus | undefined = 'idle';
  readonly done: Promise<void>;
  private finish!: () => void;

  constructor(
    private readonly socket: Socket,
    private readonly backend: PGliteBackend,
    private readonly turns: BackendTurns,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      void this.pump();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closed = true;
      void this.settle();
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let work = this.nextWork(); work && !this.closed; work = this.nextWork()) {
        if (work.messages.length > 0) await this.runInTurn(work.messages);
        if (work.refuse) this.refuseCopyFromStdin();
        if (work.terminate) this.socket.end();
      }
    } catch {
      // The backend failed underneath this client (e.g. the database is closing): the client sees the connection drop.
      this.socket.destroy();
    } finally {
      this.pumping = false;
      await this.settle();
    }
  }

  private async runInTurn(messages: Buffer): Promise<void> {
    await this.turns.take(this);
    if (this.closed) return;
    // Unknown until the backend answers: if running fails, settle() must still clean up after us.
    this.status = undefined;
    this.status = await this.backend.run(messages, (bytes) => this.send(bytes));
    if (this.status === 'idle') this.turns.give(this);
  }

  private nextWork(): Work | undefined {
    if (this.started) {
      const { messages, rest, terminate } = splitMessages(this.pending);
      const refused = findRefusedQuery(messages);
      if (refused) {
        this.pending = Buffer.concat([messages.subarray(refused.at + refused.size), rest]);
        return { messages: messages.subarray(0, refused.at), terminate: false, refuse: true };
      }
      this.pending = rest;
      return messages.length > 0 || terminate ? { messages, terminate } : undefined;
    }
    return this.nextStartupWork();
  }

  private refuseCopyFromStdin(): void {
    const message =
      'COPY ... FROM STDIN is not supported by embedded Postgres (PGlite); use INSERT';
    this.send(errorResponse('ERROR', '0A000', message));
    this.send(readyForQuery(this.status ?? 'idle'));
  }

  private nextStartupWork(): Work | undefined {
    const request = readStartupRequest(this.pending);
    if (!request) return undefined;
    if (request.kind === 'unsupported') {
      this.send(
        errorResponse('FATAL', '08P01', `unsupported startup request code ${request.code}`),
      );
      return { messages: Buffer.alloc(0), terminate: true };
    }
    const message = this.pending.subarray(0, request.length);
    this.pending = this.pending.subarray(request.length);
    if (request.kind === 'cancel') return { messages: Buffer.alloc(0), terminate: true };
    if (request.kind === 'encryption') {
      // "N": no SSL/GSS here; the client goes on in plain text over loopback.
      this.send(Buffer.from('N'));
      return this.nextStartupWork() ?? { messages: Buffer.alloc(0), terminate: false };
    }
    const { database } = startupParameters(message);
    if (database !== undefined && database !== DATABASE) {
      // PGlite would silently serve its only database instead, mixing what should be kept apart.
      const text = `database "${database}" does not exist: embedded Postgres has only "${DATABASE}"`;
      this.send(errorResponse('FATAL', '3D000', text));
      return { messages: Buffer.alloc(0), terminate: true };
    }
    this.started = true;
    return { messages: message, terminate: false };
  }

  private send(bytes: Buffer): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(bytes);
  }

  private async settle(): Promise<void> {
    if (!this.closed || this.pumping || this.settled) return;
    this.settled = true;
    try {
      if (this.turns.holds(this) && this.status !== 'idle') await this.backend.abandon();
    } catch {
      // The database is already closing: nothing is left to roll back.
    } finally {
      this.turns.give(this);
      this.finish();
    }
  }
}
