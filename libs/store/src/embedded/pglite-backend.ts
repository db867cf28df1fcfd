import type { PGlite } from '@electric-sql/pglite';
import {
  READY_FOR_QUERY_SIZE,
  simpleQuery,
  statusAtEnd,
  SYNC,
  TransactionStatus,
} from './wire-protocol';

// Runs raw protocol messages on PGlite and tells what state the backend is left in.
export class PGliteBackend {
  constructor(private readonly db: PGlite) {}

  // undefined: the response did not end in ReadyForQuery, so the client is mid-sequence (e.g. Parse sent, Sync not yet).
  async run(
    messages: Uint8Array,
    send: (bytes: Buffer) => void,
  ): Promise<TransactionStatus | undefined> {
    let tail: Buffer = Buffer.alloc(0);
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(messages, {
        onRawData: (bytes) => {
          // PGlite reuses its output buffer: copy before the socket queues it.
          const copy = Buffer.from(bytes);
          send(copy);
          tail = lastBytes(tail, copy);
        },
      }),
    );
    return statusAtEnd(tail);
  }

  // What a real server does when a client vanishes: end its extended-query sequence and roll its transaction back.
  async abandon(): Promise<void> {
    const ignore = () => undefined;
    const status = await this.run(SYNC, ignore);
    if (status !== 'idle') await this.run(simpleQuery('ROLLBACK'), ignore);
  }
}

function lastBytes(tail: Buffer, chunk: Buffer): Buffer {
  if (chunk.length >= READY_FOR_QUERY_SIZE)
    return chunk.subarray(chunk.length - READY_FOR_QUERY_SIZE);
  return Buffer.concat([tail, chunk]).subarray(-READY_FOR_QUERY_SIZE);
}
