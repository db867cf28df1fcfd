import { createEvent } from '@backtrack/events';
import { expectEventually } from '@backtrack/testing';
import { ProjectorTestContext } from '../testing/projector-test-context';

describe('project a batch', () => {
  let ctx: ProjectorTestContext;

  beforeAll(async () => {
    ctx = await ProjectorTestContext.create();
  });
  afterAll(() => ctx.dispose());

  it('turn a session with commands into its session row, command rows and activity', async () => {
    const session = ctx
      .recordSession({
        user: 'grace',
        host: 'grace-pc',
        context: { repo: 'acme/app', branch: 'main', commit: 'a1b2c3d' },
      })
      .start({ title: 'login bug', cols: 120, rows: 40 })
      .command('npm test', {
        exitCode: 1,
        cwd: '/src/app',
        output: ['\x1b[31mFAIL\x1b[0m login\r\n', 'Tests: 1 failed\r\n'],
      })
      .checkout('fix/login', 'b2c3d4e5f6a7')
      .command('npm test -- login', { exitCode: 0, cwd: '/src/app', output: ['PASS login\r\n'] })
      .note('fixed the redirect')
      .end(0);
    const [started, ...rest] = session.events;
    const ended = rest[rest.length - 1]!;

    await ctx.publish(session.events, 3);
    const row = await ctx.projected(session.sessionId, session.lastSeq);

    expect(row).toMatchObject({
      user_name: 'grace',
      host: 'grace-pc',
      source: 'terminal',
      title: 'login bug',
      repo: 'acme/app',
      branches: ['main', 'fix/login'],
      started_at: new Date(started!.at),
      ended_at: new Date(ended.at),
      duration_ms: String(ended.at - started!.at),
      bytes: String(
        Buffer.byteLength('\x1b[31mFAIL\x1b[0m login\r\nTests: 1 failed\r\nPASS login\r\n'),
      ),
      command_count: 2,
      exit_code: 0,
      cols: 120,
      rows: 40,
      last_seq: session.lastSeq,
    });
    const commands = await ctx.commandRows(session.sessionId);
    expect(
      commands.map((c) => [
        c['command_line'],
        c['cwd'],
        c['repo'],
        c['branch'],
        c['commit'],
        c['exit_code'],
        c['output_excerpt'],
      ]),
    ).toEqual([
      ['npm test', '/src/app', 'acme/app', 'main', 'a1b2c3d', 1, 'FAIL login\nTests: 1 failed\n'],
      ['npm test -- login', '/src/app', 'acme/app', 'fix/login', 'b2c3d4e5f6a7', 0, 'PASS login\n'],
    ]);
    expect(commands[0]).toMatchObject({
      duration_ms: '3000',
      finished_seq: 5,
      started_at: new Date(session.events[1]!.at),
    });
    const activity = await ctx.activityRows(session.sessionId);
    expect(activity.map((a) => [a['kind'], a['summary'], a['branch'], a['user_name']])).toEqual([
      ['session.started', 'login bug', 'main', 'grace'],
      ['terminal.command.finished', 'npm test', 'main', 'grace'],
      ['git.head.changed', 'checked out fix/login at b2c3d4e5f6a7', 'fix/login', 'grace'],
      ['terminal.command.finished', 'npm test -- login', 'fix/login', 'grace'],
      ['note.added', 'fixed the redirect', 'fix/login', 'grace'],
      ['session.ended', 'session ended with exit code 0', 'fix/login', 'grace'],
    ]);
    expect(activity[1]!['detail']).toEqual({ exitCode: 1, cwd: '/src/app', durationMs: 3000 });
    expect(await ctx.deadLetters(session.sessionId)).toEqual([]);
  });

  it('store a redelivered event once and count it once', async () => {
    const session = ctx
      .recordSession()
      .start()
      .command('ls', { output: ['a\r\n', 'b\r\n'] })
      .output('$ ');
    await ctx.publish(session.events, 2);
    const once = await ctx.projected(session.sessionId, session.lastSeq);
    const before = ctx.projectedBatches.length;

    await ctx.publish(session.events, 2);
    await ctx.publish(session.events.slice(1, 4), 10);
    const redelivered = (await ctx.batchesProjected(before + 4)).slice(before);

    expect(redelivered.map((b) => [b.sessionId, b.appended, b.deadLettered])).toEqual(
      Array(4).fill([session.sessionId, 0, 0]),
    );
    expect(redelivered.reduce((sum, b) => sum + b.duplicates, 0)).toBe(session.events.length + 3);
    expect(await ctx.storedSeqs(session.sessionId)).toEqual(session.events.map((e) => e.seq));
    expect(await ctx.sessionRow(session.sessionId)).toEqual(once);
    expect(await ctx.commandRows(session.sessionId)).toHaveLength(1);
    expect(await ctx.activityRows(session.sessionId)).toHaveLength(2);
    expect(await ctx.deadLetters(session.sessionId)).toEqual([]);
  });

  it('dead-letter a gap, apply the event anyway and take the missing events when they come', async () => {
    const session = ctx
      .recordSession()
      .start()
      .output('1')
      .output('2')
      .output('3')
      .output('4')
      .output('5');
    const [e1, e2, e3, e4, e5, e6] = session.events;

    await ctx.publish([e1!, e2!]);
    await ctx.publish([e5!, e6!]);
    await ctx.projected(session.sessionId, 6);
    await ctx.publish([e3!, e4!]);

    await expectEventually(async () =>
      expect(await ctx.storedSeqs(session.sessionId)).toEqual([1, 2, 3, 4, 5, 6]),
    );
    expect(
      (await ctx.deadLetters(session.sessionId)).map((l) => [l['source'], l['seq'], l['reason']]),
    ).toEqual([['projector', 5, 'gap: expected seq 3, got 5']]);
    expect(await ctx.sessionRow(session.sessionId)).toMatchObject({ last_seq: 6, bytes: '5' });
  });

  it('dead-letter an event that claims a stored seq with another id, keep the stored one and go on', async () => {
    const session = ctx.recordSession().start().output('original');
    await ctx.publish(session.events);
    await ctx.projected(session.sessionId, 2);
    const impostor = createEvent({
      ...session.events[1]!,
      id: undefined,
      payload: { data: 'impostor' },
    } as never);
    const next = session.output('next').events[2]!;

    await ctx.publish([impostor, next]);
    await ctx.projected(session.sessionId, 3);

    const letters = await ctx.deadLetters(session.sessionId);
    expect(letters.map((l) => [l['seq'], l['reason']])).toEqual([
      [
        2,
        `conflict: seq 2 already stored with another id (stored ${session.events[1]!.id}, received ${impostor.id})`,
      ],
    ]);
    expect(JSON.parse(letters[0]!['raw'] as string)).toMatchObject({
      payload: { data: 'impostor' },
    });
    expect(await ctx.sessionRow(session.sessionId)).toMatchObject({
      bytes: String('originalnext'.length),
    });
  });

  it('dead-letter events that do not decode (bad payload, unknown type, future version) and apply the rest', async () => {
    const session = ctx.recordSession().start().output('ok');
    const [started, output] = session.events.map((e) => JSON.parse(JSON.stringify(e)));
    const envelope = { ...output, id: undefined };
    const body = {
      batch: 1,
      sessionId: session.sessionId,
      events: [
        started,
        { ...envelope, seq: 2, id: '01890000-0000-7000-8000-000000000002', payload: { data: 42 } },
        {
          ...envelope,
          seq: 3,
          id: '01890000-0000-7000-8000-000000000003',
          type: 'terminal.telepathy',
        },
        { ...envelope, seq: 4, id: '01890000-0000-7000-8000-000000000004', v: 99 },
        { ...output, seq: 5, id: '01890000-0000-7000-8000-000000000005' },
      ],
    };

    const before = ctx.projectedBatches.length;
    await ctx.publishRaw(session.sessionId, body);
    await ctx.publishRaw(session.sessionId, body);
    const [first, again] = (await ctx.batchesProjected(before + 2)).slice(before);

    expect([first!.appended, first!.deadLettered]).toEqual([2, 4]);
    expect([again!.appended, again!.duplicates, again!.deadLettered]).toEqual([0, 2, 0]);

    const reasons = (await ctx.deadLetters(session.sessionId)).map((l) => [
      l['seq'],
      l['type'],
      l['reason'],
    ]);
    expect(reasons).toEqual([
      [
        2,
        'terminal.output',
        'event terminal.output (seq 2), field "payload.data": Invalid input: expected string, received number [invalid_payload]',
      ],
      [
        3,
        'terminal.telepathy',
        'event terminal.telepathy (seq 3), field "type": unknown event type "terminal.telepathy" [unknown_type]',
      ],
      [
        4,
        'terminal.output',
        'event terminal.output (seq 4), field "v": version 99 is newer than this reader\'s 1 [unsupported_version]',
      ],
      [5, 'terminal.output', 'gap: expected seq 2, got 5'],
    ]);
    expect(await ctx.storedSeqs(session.sessionId)).toEqual([1, 5]);
  });

  it('record a batch the bus gave up on as a dead letter from the bus', async () => {
    const sessionId = 'poison-session';
    await ctx.publishRaw(sessionId, '{"batch":1,"sessionId":"poison-session","events":[');

    await expectEventually(async () => {
      const letters = await ctx.deadLetters(sessionId);
      expect(letters.map((l) => [l['source'], l['reason']])).toEqual([
        ['bus', expect.stringMatching(/^batch: not JSON/)],
      ]);
      expect(letters[0]!['raw']).toBe('{"batch":1,"sessionId":"poison-session","events":[');
    });
  });
});
