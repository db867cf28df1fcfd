import { EventBus, KafkaBus, RabbitMqBus } from '@backtrack/bus';
import { PROJECTOR_GROUP, testing } from '@backtrack/projection';
import { expectEventually, testServices, uniqueName } from '@backtrack/testing';
import { RabbitMqNamespaces } from './rabbitmq-namespaces';

const rabbitmq = new RabbitMqNamespaces();

const brokers: Array<[string, () => Promise<EventBus>, () => Promise<void>]> = [
  [
    'RabbitMQ',
    () =>
      RabbitMqBus.connect({
        url: testServices.amqpUrl,
        namespace: rabbitmq.claim(uniqueName('bt-projector')),
        groups: [PROJECTOR_GROUP],
        log: () => undefined,
      }),
    () => rabbitmq.deleteClaimed(),
  ],
  [
    'Kafka',
    () =>
      KafkaBus.connect({
        brokers: testServices.kafkaBrokers,
        namespace: uniqueName('bt-projector'),
        partitions: 4,
      }),
    async () => undefined,
  ],
];

describe.each(brokers)('the projector on %s', (_name, connect, cleanUp) => {
  let ctx: testing.ProjectorTestContext;

  beforeAll(async () => {
    ctx = await testing.ProjectorTestContext.create({ bus: connect });
  });
  afterAll(async () => {
    await ctx.dispose();
    await cleanUp();
  });

  it('project sessions published as batches, each session in order', async () => {
    const sessions = Array.from({ length: 4 }, () =>
      ctx
        .recordSession({ context: { repo: 'acme/app', branch: 'main' } })
        .start()
        .command('npm test', { exitCode: 1, output: ['FAIL\r\n'] })
        .checkout('fix')
        .command('npm test', { output: ['PASS\r\n'] })
        .end(0),
    );

    await Promise.all(sessions.map((s) => ctx.publish(s.events, 2)));

    for (const session of sessions) {
      expect(await ctx.projected(session.sessionId, session.lastSeq)).toMatchObject({
        branches: ['main', 'fix'],
        command_count: 2,
        bytes: '12',
      });
      expect(
        (await ctx.commandRows(session.sessionId)).map((c) => [
          c['exit_code'],
          c['branch'],
          c['output_excerpt'],
        ]),
      ).toEqual([
        [1, 'main', 'FAIL\n'],
        [0, 'fix', 'PASS\n'],
      ]);
    }
    expect(await ctx.deadLetters()).toEqual([]);
  });

  it('keep one row per event when a crashed projector gets its batches again', async () => {
    const session = ctx.recordSession().start();
    for (let i = 0; i < 30; i++) session.command(`step ${i}`, { output: [`${i}\r\n`] });
    await ctx.publish(session.events.slice(0, 40), 4);
    await ctx.projected(session.sessionId, 40);

    await ctx.crashProjector();
    await ctx.publish(session.events, 4);
    await ctx.startProjector();

    expect(await ctx.projected(session.sessionId, session.lastSeq)).toMatchObject({
      command_count: 30,
    });
    expect(await ctx.storedSeqs(session.sessionId)).toEqual(session.events.map((e) => e.seq));
    expect(await ctx.activityRows(session.sessionId)).toHaveLength(31);
  });

  it('record a batch the broker could not deliver as a dead letter from the bus', async () => {
    const sessionId = uniqueName('poison');

    await ctx.publishRaw(sessionId, 'definitely not a batch');

    await expectEventually(
      async () => {
        const letters = await ctx.deadLetters(sessionId);
        expect(letters.map((l) => [l['source'], l['raw']])).toEqual([
          ['bus', 'definitely not a batch'],
        ]);
        expect(letters[0]!['reason']).toMatch(/not JSON/);
      },
      { timeoutMs: 30_000 },
    );
  });
});
