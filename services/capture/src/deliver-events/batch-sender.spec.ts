import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectEventually } from '@backtrack/testing';
import { SessionSpool } from '../spool/session-spool';
import { spoolFiles } from '../spool/spool-paths';
import { BatchSender, SenderOptions } from './batch-sender';
import { EventSink } from './event-sink';

// A sink whose health the spec controls: up, down (refuses at once) or stalled (answers only when released).
class ControlledSink implements EventSink {
  readonly description = 'controlled';
  readonly received: string[] = [];
  state: 'up' | 'down' | 'stalled' = 'up';
  private stalled: Array<() => void> = [];

  async deliver(_sessionId: string, body: Buffer): Promise<void> {
    if (this.state === 'down') throw new Error('connection refused');
    if (this.state === 'stalled') await new Promise<void>((resolve) => this.stalled.push(resolve));
    this.received.push(body.toString());
  }

  release(): void {
    this.state = 'up';
    for (const resolve of this.stalled.splice(0)) resolve();
  }

  async close(): Promise<void> {}
}

const FAST: SenderOptions = {
  slowAfterMs: 100,
  maxQueuedBytes: 1024 * 1024,
  retryMinMs: 20,
  retryMaxMs: 100,
};

class SenderContext {
  readonly dir = mkdtempSync(join(tmpdir(), 'backtrack-sender-'));
  readonly sink = new ControlledSink();
  sender!: BatchSender;
  private next = 1;

  async start(sink: EventSink | null = this.sink): Promise<BatchSender> {
    const spool = await SessionSpool.open(this.dir, 'session-s');
    this.sender = new BatchSender('session-s', sink ?? undefined, spool!, FAST);
    return this.sender;
  }

  send(count: number): string[] {
    const sent = Array.from({ length: count }, () => `batch-${this.next++}`);
    for (const body of sent) this.sender.enqueue({ body: Buffer.from(body), events: 2 });
    return sent;
  }

  get spoolFile(): string {
    return spoolFiles(this.dir, 'session-s').batches;
  }
}

describe('BatchSender', () => {
  let ctx: SenderContext;
  beforeEach(() => (ctx = new SenderContext()));
  afterEach(() => rmSync(ctx.dir, { recursive: true, force: true }));

  it('delivers straight from memory while the sink keeps up, leaving no spool behind', async () => {
    await ctx.start();
    const sent = ctx.send(5);
    const summary = await ctx.sender.close(2_000);
    expect(ctx.sink.received).toEqual(sent);
    expect(summary).toMatchObject({ delivered: 10, spooled: 0 });
    expect(existsSync(ctx.spoolFile)).toBe(false);
  });

  it('spools while the sink is down and delivers everything exactly once, in order, when it is back', async () => {
    await ctx.start();
    ctx.sink.state = 'down';
    const sent = ctx.send(3);
    await expectEventually(() => expect(existsSync(ctx.spoolFile)).toBe(true));
    sent.push(...ctx.send(3));
    ctx.sink.state = 'up';
    await expectEventually(() => expect(ctx.sink.received).toEqual(sent));
    sent.push(...ctx.send(2));
    const summary = await ctx.sender.close(2_000);
    expect(ctx.sink.received).toEqual(sent);
    expect(summary).toMatchObject({ delivered: 16, spooled: 0 });
    expect(existsSync(ctx.spoolFile)).toBe(false);
  });

  it('spools what comes behind a send that hangs, without sending the hanging batch twice', async () => {
    await ctx.start();
    ctx.sink.state = 'stalled';
    const sent = ctx.send(1);
    await expectEventually(() => expect(existsSync(ctx.spoolFile)).toBe(true));
    sent.push(...ctx.send(4));
    ctx.sink.release();
    await expectEventually(() => expect(ctx.sink.received).toEqual(sent));
    const summary = await ctx.sender.close(2_000);
    expect(ctx.sink.received).toEqual(sent);
    expect(summary.spooled).toBe(0);
  });

  it('leaves what it could not deliver in the spool when it has to stop', async () => {
    await ctx.start();
    ctx.sink.state = 'down';
    ctx.send(4);
    const summary = await ctx.sender.close(200);
    expect(summary).toMatchObject({ delivered: 0, spooled: 8, lastError: 'connection refused' });
    const reopened = await SessionSpool.open(ctx.dir, 'session-s');
    expect((await reopened!.readUnsent()).map((entry) => entry.body.toString())).toEqual([
      'batch-1',
      'batch-2',
      'batch-3',
      'batch-4',
    ]);
    await reopened!.close();
  });

  it('keeps everything in the spool when recording offline', async () => {
    await ctx.start(null);
    ctx.send(2);
    expect(await ctx.sender.close(1_000)).toMatchObject({ delivered: 0, spooled: 4 });
    expect(existsSync(ctx.spoolFile)).toBe(true);
  });
});
