import { expectEventually } from '@backtrack/testing';
import { ProjectorTestContext } from '../testing/projector-test-context';
import { formatDeadLetters } from './format-dead-letters';

describe('report dead letters', () => {
  let ctx: ProjectorTestContext;

  beforeAll(async () => {
    ctx = await ProjectorTestContext.create();
  });
  afterAll(() => ctx.dispose());

  it('say there are none when nothing went wrong', async () => {
    expect(formatDeadLetters(await ctx.reportDeadLetters())).toBe('no dead letters');
  });

  it('give totals per source and the newest letters first, with the reason and the start of the raw input', async () => {
    const session = ctx.recordSession().start().output('a').output('b');
    await ctx.publish([session.events[0]!, session.events[2]!]);
    await ctx.projected(session.sessionId, 3);
    await ctx.publishRaw('broken', 'x'.repeat(600));

    const report = await expectLetters(ctx, 2);

    expect(report.totals.map((t) => [t.source, t.count])).toEqual([
      ['bus', 1],
      ['projector', 1],
    ]);
    expect(report.latest.map((l) => [l.source, l.sessionId, l.seq, l.reason.slice(0, 28)])).toEqual(
      [
        ['bus', 'broken', null, 'batch: not JSON (Unexpected '],
        ['projector', session.sessionId, 3, 'gap: expected seq 2, got 3'],
      ],
    );
    const text = formatDeadLetters(report);
    expect(text).toContain(
      `[projector] session ${session.sessionId} seq 3 terminal.output\n  reason: gap: expected seq 2, got 3`,
    );
    expect(text).toContain(`  raw: ${'x'.repeat(500)} … (600 chars)`);
    expect((await ctx.reportDeadLetters(1)).latest).toHaveLength(1);
  });
});

async function expectLetters(ctx: ProjectorTestContext, count: number) {
  return expectEventually(async () => {
    const report = await ctx.reportDeadLetters();
    expect(report.latest).toHaveLength(count);
    return report;
  });
}
