// Just enough of the PostgreSQL v3 wire protocol to cut a client's byte stream into whole messages and to read
// the transaction status the backend reports; PGlite parses and answers the messages themselves.

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

export type StartupRequest =
  | { kind: 'encryption'; length: number }
  | { kind: 'cancel'; length: number }
  | { kind: 'startup'; length: number }
  | { kind: 'unsupported'; code: number };

// The first messages of a connection carry no type byte: a length, then a request code.
export function readStartupRequest(buffer: Buffer): StartupRequest | undefined {
  if (buffer.length < 8) return undefined;
  const length = buffer.readInt32BE(0);
  const code = buffer.readInt32BE(4);
  if (buffer.length < length) return undefined;
  if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { kind: 'encryption', length };
  if (code === CANCEL_REQUEST) return { kind: 'cancel', length };
  if (code === PROTOCOL_3) return { kind: 'startup', length };
  return { kind: 'unsupported', code };
}

// The name=value pairs of a StartupMessage (user, database, application_name, ...).
export function startupParameters(message: Buffer): Record<string, string> {
  const fields = message.toString('utf8', 8, message.length).split('\0');
  const parameters: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length && fields[i] !== ''; i += 2)
    parameters[fields[i]!] = fields[i + 1]!;
  return parameters;
}

export interface SplitMessages {
  // Whole messages to hand to the backend, in order, Terminate excluded.
  messages: Buffer;
  // An incomplete message still waiting for its remaining bytes.
  rest: Buffer;
  terminate: boolean;
}

// Typed messages: one type byte, then a length that counts itself but not the type byte.
export function splitMessages(buffer: Buffer): SplitMessages {
  let offset = 0;
  while (buffer.length - offset >= 5) {
    const size = 1 + buffer.readInt32BE(offset + 1);
    if (buffer.length - offset < size) break;
    if (buffer[offset] === TERMINATE) {
      return { messages: buffer.subarray(0, offset), rest: Buffer.alloc(0), terminate: true };
    }
    offset += size;
  }
  return { messages: buffer.subarray(0, offset), rest: buffer.subarray(offset), terminate: false };
}

const TERMINATE = 'X'.charCodeAt(0);
const QUERY = 'Q'.charCodeAt(0);
const READY_FOR_QUERY = 'Z'.charCodeAt(0);

// PGlite 0.5.14 cannot take COPY ... FROM STDIN over the wire: it loses protocol sync and never answers again, for
// any connection. psql's \copy and pg-copy-streams send it as a simple Query, which is refused before it gets there.
const COPY_FROM_STDIN = /^\s*copy\b[\s\S]*\bfrom\s+stdin\b/i;

// The offset and size of the first simple Query among whole messages that PGlite must not see, if any.
export function findRefusedQuery(messages: Buffer): { at: number; size: number } | undefined {
  for (let at = 0; at < messages.length;) {
    const size = 1 + messages.readInt32BE(at + 1);
    if (
      messages[at] === QUERY &&
      COPY_FROM_STDIN.test(messages.toString('utf8', at + 5, at + size - 1))
    ) {
      return { at, size };
    }
    at += size;
  }
  return undefined;
}
export const READY_FOR_QUERY_SIZE = 6;

export type TransactionStatus = 'idle' | 'in-transaction' | 'failed-transaction';

// A response that ends in ReadyForQuery is complete; its status byte says whether a transaction is still open.
export function statusAtEnd(tail: Buffer): TransactionStatus | undefined {
  if (tail.length < READY_FOR_QUERY_SIZE) return undefined;
  const at = tail.length - READY_FOR_QUERY_SIZE;
  if (tail[at] !== READY_FOR_QUERY || tail.readInt32BE(at + 1) !== 5) return undefined;
  const status = String.fromCharCode(tail[at + 5]!);
  if (status === 'I') return 'idle';
  if (status === 'T') return 'in-transaction';
  if (status === 'E') return 'failed-transaction';
  return undefined;
}

export const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);

export function simpleQuery(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('Q', 0, 'ascii');
  header.writeInt32BE(4 + text.length, 1);
  return Buffer.concat([header, text]);
}

export function errorResponse(severity: 'ERROR' | 'FATAL', code: string, message: string): Buffer {
  const fields = Buffer.from(`S${severity}\0V${severity}\0C${code}\0M${message}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0, 'ascii');
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}

const STATUS_BYTE: Record<TransactionStatus, string> = {
  idle: 'I',
  'in-transaction': 'T',
  'failed-transaction': 'E',
};

export function readyForQuery(status: TransactionStatus): Buffer {
  return Buffer.from(['Z'.charCodeAt(0), 0, 0, 0, 5, STATUS_BYTE[status].charCodeAt(0)]);
}
