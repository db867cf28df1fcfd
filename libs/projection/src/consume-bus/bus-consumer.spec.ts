import { ProjectorTestContext } from '../testing/projector-test-context';
import { BusConsumer } from './bus-consumer';

describe('consume the bus', () => {
  let ctx: ProjectorTestContext;

  beforeAll(async () => {
    ctx = await ProjectorTestContext.create();
  });
  afterAll(() => ctx.dispose());

  it('project every session exactly once across a crash in the middle of ingest', async () => {
    const sessions = Array.from({ length: 8 }, () => {
      const session = ctx.recordSession().start();
      for (let i = 0; i < 25; i++) session.command(`make ${i}`, { output: [`${i}\r\n`, 'ok\r\n'] });
      return session.end(0);
    });
    const publishing = Promise.all(sessions.map((s) => ctx.publish(s.events, 5)));
    await ctx.batchesProjected(10);

    await ctx.crashProjector();
    const projectedBeforeCrash = ctx.projectedBatches.length;
    await ctx.startProjector();
    await publishing;

    for (const session of sessions) {
      expect(await ctx.projected(session.sessionId, session.lastSeq)).toMatchObject({
        command_count: 25,
        bytes: String(session.outputBytes()),
      });
      expect(await ctx.storedSeqs(session.sessionId)).toEqual(session.events.map((e) => e.seq));
      expect(await ctx.activityRows(session.sessionId)).toHaveLength(27);
    }
    expect(projectedBeforeCrash).toBeLessThan(
      sessions.reduce((sum, s) => sum + Math.ceil(s.events.length / 5), 0),
    );
    expect(await ctx.deadLetters()).toEqual([]);
  });

  it('wait out lost database connections without dead-lettering a single batch', async () => {
    const sessions = Array.from({ length: 4 }, () => {
      const session = ctx.recordSession().start();
      for (let i = 0; i < 30; i++) session.command(`make ${i}`, { output: [`${i}\r\n`] });
      return session;
    });
    const projectedBefore = ctx.projectedBatches.length;
    const publishing = Promise.all(sessions.map((s) => ctx.publish(s.events, 3)));

    let cuts = 0;
    while (ctx.projectedBatches.length < projectedBefore + 60) {
      cuts += await ctx.terminateProjectorConnections();
      await ctx.batchesProjected(ctx.projectedBatches.length + 3);
    }
    await publishing;

    for (const session of sessions) {
      expect(await ctx.projected(session.sessionId, session.lastSeq)).toMatchObject({
        command_count: 30,
      });
      expect(await ctx.storedSeqs(session.sessionId)).toEqual(session.events.map((e) => e.seq));
    }
    expect(cuts).toBeGreaterThan(0);
    expect(await ctx.deadLetters()).toEqual([]);
  });

  it('stop taking batches when the projector shuts down, and take them up when it starts again', async () => {
    await ctx.stopProjector();
    const session = ctx.recordSession().start().output('while stopped');
    await ctx.publish(session.events);

    expect(await ctx.sessionRow(session.sessionId)).toBeUndefined();
    await ctx.startProjector();

    expect(await ctx.projected(session.sessionId, 2)).toMatchObject({ bytes: '13' });
  });

  it('say when the in-process bus has nothing left for it, so a shutdown loses no accepted batch', async () => {
    const sessions = Array.from({ length: 6 }, () => {
      const session = ctx.recordSession().start();
      for (let i = 0; i < 20; i++) session.command(`make ${i}`, { output: [`${i}\r\n`] });
      return session.end(0);
    });
    await Promise.all(sessions.map((s) => ctx.publish(s.events, 4)));
    await ctx.publishRaw('drained-poison', '[1, 2');

    await ctx.projector.get(BusConsumer).drained();

    for (const session of sessions)
      expect((await ctx.sessionRow(session.sessionId))?.['last_seq']).toBe(session.lastSeq);
    expect(await ctx.deadLetters('drained-poison')).toHaveLength(1);
  });
});
