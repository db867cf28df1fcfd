import { RabbitMqBus } from '@backtrack/bus';
import { PROJECTOR_GROUP, testing as projection } from '@backtrack/projection';
import { testing } from '@backtrack/store';
import { expectEventually, testServices, uniqueName } from '@backtrack/testing';
import { RabbitMqNamespaces } from './rabbitmq-namespaces';
import { ProjectorProcess } from './projector-process';

describe('a projector process killed mid-ingest (RabbitMQ)', () => {
  const broker = new RabbitMqNamespaces();
  const namespace = broker.claim(uniqueName('bt-projector'));
  let db: testing.TestDatabase;
  let bus: RabbitMqBus;
  const processes: ProjectorProcess[] = [];

  beforeAll(async () => {
    db = await testing.createTestDatabase({ serverUrl: testServices.databaseUrl });
    // Declaring the projector's queues up front keeps what is published while no projector runs.
    bus = await RabbitMqBus.connect({
      url: testServices.amqpUrl,
      namespace,
      groups: [PROJECTOR_GROUP],
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await bus.close();
    await broker.deleteClaimed();
    await db.drop();
  });

  const startProjector = async () => {
    const projector = await ProjectorProcess.start({
      DATABASE_URL: db.url,
      BACKTRACK_BUS: testServices.amqpUrl,
      BACKTRACK_BUS_NAMESPACE: namespace,
    });
    processes.push(projector);
    return projector;
  };
  const count = async (sql: string): Promise<number> =>
    Number((await db.dataSource.query(sql))[0].count);

  it('ends, after a restart, with exactly one stored event and one projection of each', async () => {
    const sessions = Array.from({ length: 12 }, () => {
      const session = new projection.SessionRecorder({ step: 10 }).start();
      for (let i = 0; i < 40; i++)
        session.command(`make step-${i}`, {
          exitCode: i % 7 === 0 ? 1 : 0,
          output: [`step ${i}\r\n`, 'done\r\n'],
        });
      return session.end(0);
    });
    const total = sessions.reduce((sum, s) => sum + s.events.length, 0);

    const first = await startProjector();
    const publishing = Promise.all(
      sessions.map(async (session) => {
        for (const events of session.batches(20))
          await bus.publish({ sessionId: session.sessionId, events });
      }),
    );
    await expectEventually(
      async () => expect(await count('SELECT count(*) FROM events')).toBeGreaterThan(total / 10),
      { timeoutMs: 60_000 },
    );
    const killed = await first.kill('SIGKILL');
    const storedWhenKilled = await count('SELECT count(*) FROM events');
    await publishing;

    const second = await startProjector();
    await expectEventually(
      async () => expect(await count('SELECT count(*) FROM events')).toBe(total),
      { timeoutMs: 60_000 },
    );
    for (const session of sessions) {
      await expectEventually(async () => {
        const [row] = await db.dataSource.query(
          'SELECT last_seq, bytes::int, command_count FROM sessions WHERE session_id = $1',
          [session.sessionId],
        );
        expect(row).toEqual({
          last_seq: session.lastSeq,
          bytes: session.outputBytes(),
          command_count: 40,
        });
      });
    }
    const stopped = await second.kill('SIGTERM');

    expect(killed.signal).toBe('SIGKILL');
    expect(storedWhenKilled).toBeLessThan(total);
    expect(
      await count('SELECT count(*) FROM (SELECT DISTINCT session_id, seq FROM events) e'),
    ).toBe(total);
    expect(await count('SELECT count(*) FROM commands')).toBe(12 * 40);
    expect(
      await count(`SELECT count(*) FROM activity WHERE kind = 'terminal.command.finished'`),
    ).toBe(12 * 40);
    expect(await count('SELECT count(*) FROM dead_letters')).toBe(0);
    expect(stopped).toEqual({ code: 0, signal: null });
    expect(second.output).toContain('projector: stopped');
  });
});
