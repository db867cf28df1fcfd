import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, readFile, FileHandle } from 'node:fs/promises';
import { spoolFiles } from './spool-paths';
import { SpoolLock } from './spool-lock';

export interface SpoolEntry {
  body: Buffer;
  // Offset just past this line: what `markSent` records once it is delivered.
  end: number;
}

const NEWLINE = 0x0a;
const LINE_END = Buffer.from('\n');
const SYNC_EVERY_MS = 1_000;
const READ_BLOCK = 1024 * 1024;

// A session's undelivered batches on disk: one encoded batch per line, appended only, with the delivered prefix
// recorded in `<id>.sent`. A line cut short by a crash is dropped on open; everything before it stays readable.
export class SessionSpool {
  private handle: FileHandle | undefined;
  private opening: Promise<FileHandle> | undefined;
  private writes: Promise<void> = Promise.resolve();
  private writeError: Error | undefined;
  // Bytes on disk once every append so far has landed; known at once, so callers can name a line's end up front.
  private reservedSize: number;
  private writtenSize: number;
  private sentOffset: number;
  private lastSyncAt = 0;

  private constructor(
    private readonly files: ReturnType<typeof spoolFiles>,
    private readonly lock: SpoolLock,
    size: number,
    sent: number,
  ) {
    this.reservedSize = size;
    this.writtenSize = size;
    this.sentOffset = Math.min(sent, size);
  }

  // Undefined when another live process owns this session's spool.
  static async open(dir: string, sessionId: string): Promise<SessionSpool | undefined> {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const files = spoolFiles(dir, sessionId);
    const lock = SpoolLock.acquire(files.lock);
    if (!lock) return undefined;
    const size = existsSync(files.batches) ? await dropPartialLastLine(files.batches) : 0;
    const sent = existsSync(files.sent)
      ? Number((await readFile(files.sent, 'utf8')).trim()) || 0
      : 0;
    return new SessionSpool(files, lock, size, sent);
  }

  get hasUnsent(): boolean {
    return this.sentOffset < this.reservedSize;
  }

  get isEmpty(): boolean {
    return this.reservedSize === 0;
  }

  // Returns at once with each line's end offset; the write itself is queued behind earlier ones.
  append(bodies: Buffer[]): { ends: number[]; written: Promise<void> } {
    const ends: number[] = [];
    const lines: Buffer[] = [];
    const start = this.reservedSize;
    for (const body of bodies) {
      lines.push(body, LINE_END);
      this.reservedSize += body.length + 1;
      ends.push(this.reservedSize);
    }
    const target = this.reservedSize;
    this.writes = this.writes.then(async () => {
      if (this.writeError) return;
      try {
        const handle = await this.fileHandle();
        await writeAll(handle, lines, start);
        this.writtenSize = target;
        if (Date.now() - this.lastSyncAt >= SYNC_EVERY_MS) await this.syncNow(handle);
      } catch (error) {
        this.writeError = error as Error;
      }
    });
    return { ends, written: this.writes.then(() => this.throwIfWriteFailed()) };
  }

  // Waits for queued appends and makes them durable.
  async flush(): Promise<void> {
    await this.writes;
    this.throwIfWriteFailed();
    if (this.handle) await this.syncNow(this.handle);
  }

  // The undelivered lines in order, about `maxBytes` of them (at least one when there is one).
  async readUnsent(maxBytes = READ_BLOCK): Promise<SpoolEntry[]> {
    await this.writes;
    if (this.sentOffset >= this.writtenSize) return [];
    const handle = await this.fileHandle();
    const entries: SpoolEntry[] = [];
    const position = this.sentOffset;
    let want = maxBytes;
    while (position < this.writtenSize && entries.length === 0) {
      const length = Math.min(want, this.writtenSize - position);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      let lineStart = 0;
      for (
        let nl = buffer.indexOf(NEWLINE);
        nl !== -1 && nl < bytesRead;
        nl = buffer.indexOf(NEWLINE, lineStart)
      ) {
        entries.push({ body: buffer.subarray(lineStart, nl), end: position + nl + 1 });
        lineStart = nl + 1;
      }
      want *= 2;
    }
    return entries;
  }

  async markSent(end: number): Promise<void> {
    if (end <= this.sentOffset) return;
    this.sentOffset = end;
    const temp = `${this.files.sent}.tmp`;
    writeFileSync(temp, String(end));
    renameSync(temp, this.files.sent);
  }

  // Closes the files; removes them when everything was delivered, so a finished session leaves nothing behind.
  async close(): Promise<void> {
    await this.writes;
    if (this.handle) {
      await this.syncNow(this.handle).catch(() => undefined);
      await this.handle.close();
      this.handle = undefined;
    }
    if (!this.hasUnsent) {
      rmSync(this.files.batches, { force: true });
      rmSync(this.files.sent, { force: true });
    }
    this.lock.release();
  }

  private fileHandle(): Promise<FileHandle> {
    if (this.handle) return Promise.resolve(this.handle);
    this.opening ??= open(this.files.batches, 'a+', 0o600).then((handle) => (this.handle = handle));
    return this.opening;
  }

  private async syncNow(handle: FileHandle): Promise<void> {
    this.lastSyncAt = Date.now();
    await handle.datasync();
  }

  private throwIfWriteFailed(): void {
    if (this.writeError)
      throw new Error(`cannot write the spool ${this.files.batches}: ${this.writeError.message}`);
  }
}

// writev may write less than asked; the rest follows, so a line is never left half written by us.
async function writeAll(handle: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let pending = buffers;
  let at = position;
  while (pending.length > 0) {
    const { bytesWritten } = await handle.writev(pending, at);
    at += bytesWritten;
    let skip = bytesWritten;
    const rest: Buffer[] = [];
    for (const buffer of pending) {
      if (skip >= buffer.length) skip -= buffer.length;
      else {
        rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
        skip = 0;
      }
    }
    pending = rest;
  }
}

// A process killed mid-append leaves half a line: cut it off so the file is whole lines again.
async function dropPartialLastLine(path: string): Promise<number> {
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - 64 * 1024);
      const buffer = Buffer.alloc(end - start);
      await handle.read(buffer, 0, buffer.length, start);
      const lastNewline = buffer.lastIndexOf(NEWLINE);
      if (lastNewline !== -1) {
        end = start + lastNewline + 1;
        break;
      }
      end = start;
    }
    if (end < size) await handle.truncate(end);
    return end;
  } finally {
    await handle.close();
  }
}
