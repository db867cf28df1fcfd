import { CoalescerOptions, OutputCoalescer } from './output-coalescer';

class CoalescerContext {
  readonly flushed: Array<{ text: string; at: number }> = [];
  readonly coalescer: OutputCoalescer;

  constructor(options: CoalescerOptions = { quietMs: 5, maxChars: 64 * 1024 }) {
    this.coalescer = new OutputCoalescer((text, at) => this.flushed.push({ text, at }), options);
  }

  write(text: string): void {
    this.coalescer.add(text, Date.now());
  }

  wait(ms: number): void {
    jest.advanceTimersByTime(ms);
  }
}

describe('OutputCoalescer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('joins chunks that arrive close together into one piece, stamped with the time of the first', () => {
    const ctx = new CoalescerContext();
    ctx.write('hel');
    ctx.wait(2);
    ctx.write('lo');
    ctx.wait(2);
    ctx.write('\r\n');
    expect(ctx.flushed).toEqual([]);
    ctx.wait(10);
    expect(ctx.flushed).toEqual([{ text: 'hello\r\n', at: 1_000_000 }]);
  });

  it('flushes after the quiet period even while the first timer was set long ago', () => {
    const ctx = new CoalescerContext();
    ctx.write('a');
    ctx.wait(4);
    ctx.write('b');
    ctx.wait(4);
    expect(ctx.flushed).toEqual([]);
    ctx.wait(1);
    expect(ctx.flushed.map((f) => f.text)).toEqual(['ab']);
  });

  it('keeps pieces apart when there is a pause between them', () => {
    const ctx = new CoalescerContext();
    ctx.write('first');
    ctx.wait(20);
    ctx.write('second');
    ctx.wait(20);
    expect(ctx.flushed.map((f) => f.text)).toEqual(['first', 'second']);
    expect(ctx.flushed[1]!.at - ctx.flushed[0]!.at).toBe(20);
  });

  it('flushes at once when the size limit is reached, without waiting for quiet', () => {
    const ctx = new CoalescerContext({ quietMs: 5, maxChars: 10 });
    ctx.write('12345');
    ctx.write('67890');
    ctx.write('x');
    expect(ctx.flushed.map((f) => f.text)).toEqual(['1234567890']);
    ctx.wait(5);
    expect(ctx.flushed.map((f) => f.text)).toEqual(['1234567890', 'x']);
  });

  it('flushes on demand and then has nothing left to flush', () => {
    const ctx = new CoalescerContext();
    ctx.write('prompt$ ');
    ctx.coalescer.flush();
    ctx.coalescer.flush();
    ctx.wait(10);
    expect(ctx.flushed.map((f) => f.text)).toEqual(['prompt$ ']);
  });
});
