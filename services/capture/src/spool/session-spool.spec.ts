import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectEventually } from '@backtrack/testing';
import { drainSpool } from './drain-spool';
import { SessionSpool } from './session-spool';
import { spoolFiles } from './spool-paths';

class SpoolContext {
  readonly dir = mkdtempSync(join(tmpdir(), 'backtrack-spool-'));
  private readonly open: SessionSpool[] = [];

  async spool(sessionId = 'session-a'): Promise<SessionSpool> {
    const spool = await SessionSpool.open(this.dir, sessionId);
    if (!spool) throw new Error(`spool ${sessionId} is locked`);
    this.open.push(spool);
    return spool;
  }

  async appendLines(spool: SessionSpool, ...texts: string[]): Promise<number[]> {
    const { ends, written } = spool.append(texts.map((text) => Buffer.from(text)));
    await written;
    return ends;
  }

  async unsentTexts(spool: SessionSpool): Promise<string[]> {
    return (await spool.readUnsent()).map((entry) => entry.body.toString());
  }

  async closeAll(): Promise<void> {
    for (const spool of this.open.splice(0)) await spool.close().catch(() => undefined);
  }

  // Runs a real process appending to the spool and SIGKILLs it while it writes.
  async killWriterMidAppend(sessionId: string): Promise<void> {
    const writer = spawn(
      process.execPath,
      [
        '-r',
        require.resolve('@swc-node/register'),
        join(__dirname, '../../test/support/spool-writer.ts'),
        this.dir,
        sessionId,
      ],
      {
        env: { ...process.env, SWC_NODE_PROJECT: join(__dirname, '../../../../tsconfig.json') },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    await new Promise<void>((resolve) => writer.stdout.once('data', () => resolve()));
    const file = spoolFiles(this.dir, sessionId).batches;
    await expectEventually(() => expect(statSync(file).size).toBeGreaterThan(4 * 1024 * 1024), {
      timeoutMs: 30_000,
    });
    writer.kill('SIGKILL');
    await exited;
  }
}

describe('SessionSpool', () => {
  let ctx: SpoolContext;
  beforeEach(() => (ctx = new SpoolContext()));
  afterEach(async () => {
    await ctx.closeAll();
    rmSync(ctx.dir, { recursive: true, force: true });
  });

  it('gives back appended batches in order', async () => {
    const spool = await ctx.spool();
    await ctx.appendLines(spool, '{"b":1}', '{"b":2}');
    await ctx.appendLines(spool, '{"b":3}');
    expect(await ctx.unsentTexts(spool)).toEqual(['{"b":1}', '{"b":2}', '{"b":3}']);
  });

  it('after a restart resends from the first batch not marked sent, and never one that was', async () => {
    const first = await ctx.spool();
    const ends = await ctx.appendLines(first, 'one', 'two', 'three', 'four');
    await first.markSent(ends[1]!);
    await first.close();

    const reopened = await ctx.spool();
    expect(await ctx.unsentTexts(reopened)).toEqual(['three', 'four']);
  });

  it('is readable up to its last complete line after the writing process was killed mid-append', async () => {
    await ctx.killWriterMidAppend('killed');
    appendFileSync(spoolFiles(ctx.dir, 'killed').batches, '{"n":999,"filler":"cut sho'); // in case the kill fell between lines

    const spool = await ctx.spool('killed');
    const lines = await drainAll(spool);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.map((line) => JSON.parse(line).n)).toEqual(lines.map((_, i) => i + 1));

    await ctx.appendLines(spool, '{"n":"after"}');
    expect(await ctx.unsentTexts(spool)).toEqual(['{"n":"after"}']);
  });

  it('delivers every batch exactly once, in order, across failures of the sink', async () => {
    const spool = await ctx.spool();
    await ctx.appendLines(spool, ...['a', 'b', 'c', 'd', 'e']);
    const received: string[] = [];
    let failOn = 'c';
    const send = async (body: Buffer) => {
      if (body.toString() === failOn) return false;
      received.push(body.toString());
      return true;
    };
    expect(await drainSpool(spool, send)).toBe(false);
    failOn = 'e';
    expect(await drainSpool(spool, send)).toBe(false);
    failOn = '';
    expect(await drainSpool(spool, send)).toBe(true);
    expect(received).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('belongs to one live process at a time', async () => {
    await ctx.spool('owned');
    expect(await SessionSpool.open(ctx.dir, 'owned')).toBeUndefined();
  });

  it('removes its files on close once everything was delivered, and keeps them otherwise', async () => {
    const files = spoolFiles(ctx.dir, 'done');
    const delivered = await ctx.spool('done');
    await ctx.appendLines(delivered, 'x');
    await drainSpool(delivered, async () => true);
    await delivered.close();
    expect(existsSync(files.batches)).toBe(false);

    const pending = await ctx.spool('pending');
    await ctx.appendLines(pending, 'y');
    await pending.close();
    expect(existsSync(spoolFiles(ctx.dir, 'pending').batches)).toBe(true);
  });
});

async function drainAll(spool: SessionSpool): Promise<string[]> {
  const lines: string[] = [];
  await drainSpool(spool, async (body) => {
    lines.push(body.toString());
    return true;
  });
  return lines;
}
