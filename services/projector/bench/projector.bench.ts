// Prints how fast the projector ingests and rebuilds: `npm run bench:projector` (or node -r @swc-node/register this file).
// Sessions of mostly terminal output with a command every 50 events, published through the in-process bus.
import 'reflect-metadata';
import { EmbeddedBus } from '@backtrack/bus';
import { AnyEvent } from '@backtrack/events';
import { testing } from '@backtrack/store';
import {
  BatchProjected,
  createProjectorApp,
  RebuildReadModelsCommand,
} from '@backtrack/projection';
import { CommandBus, EventBus } from '@nestjs/cqrs';
import { CpuByPid, cpuOf, cpuSpent, postgresPids } from './cpu-time';
import { agentBatches, terminalSession } from './terminal-sessions';

const SESSIONS = Number(process.env['BENCH_SESSIONS'] ?? 16);
const EVENTS_PER_SESSION = Number(process.env['BENCH_EVENTS'] ?? 12_500);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 500);

function sessionEvents(index: number): AnyEvent[] {
  return terminalSession({
    sessionId: `bench-${index}-${Date.now().toString(36)}`,
    events: EVENTS_PER_SESSION,
    actor: { user: 'ada', host: 'ada-laptop' },
    context: { repo: 'acme/app', branch: 'main' },
    startAt: Date.now(),
    stepMs: 1,
    output: (seq) => `\x1b[32m✓\x1b[0m compiled module ${seq - 1} in 12ms\r\n`,
    commandLine: (command) => `npm run build -- --step ${command}`,
  });
}

const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

// CPU time of this database's server processes (and the server-wide WAL writer, checkpointer): the SQL work.
async function postgresCpu(db: testing.TestDatabase): Promise<CpuByPid> {
  return cpuOf(await postgresPids(db.dataSource, db.name));
}

async function main(): Promise<void> {
  const db = await testing.createTestDatabase();
  const bus = new EmbeddedBus();
  const app = await createProjectorApp({ databaseUrl: db.url, bus: () => bus }, ['error']);
  try {
    const sessions = Array.from({ length: SESSIONS }, (_, i) => sessionEvents(i));
    const bodies = sessions.map((events) => ({
      sessionId: events[0]!.sessionId,
      list: agentBatches(events, BATCH).map((batch) => batch.body),
    }));
    const total = SESSIONS * EVENTS_PER_SESSION;
    let projected = 0;
    const done = new Promise<void>((resolve) =>
      app.get(EventBus).subscribe((event) => {
        if (event instanceof BatchProjected && (projected += event.appended) >= total) resolve();
      }),
    );
    const cpuBefore = { node: process.cpuUsage(), postgres: await postgresCpu(db) };
    const started = process.hrtime.bigint();
    await Promise.all(
      bodies.map(async ({ sessionId, list }) => {
        for (const body of list) await bus.publishEncoded(sessionId, body);
      }),
    );
    await done;
    const ingestS = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `ingest: ${total} events (${SESSIONS} sessions, batches of ${BATCH}) in ${ingestS.toFixed(2)} s = ${Math.round(total / ingestS)} events/s`,
    );
    const nodeCpu = cpuSeconds(process.cpuUsage(cpuBefore.node));
    const postgresSeconds = cpuSpent(cpuBefore.postgres, await postgresCpu(db));
    const perEvent = (nodeCpu + postgresSeconds) / total;
    // Wall time depends on what else the machine runs; CPU per event says what two idle cores could do.
    console.log(
      `ingest cpu: projector ${nodeCpu.toFixed(2)} s + postgres ${postgresSeconds.toFixed(2)} s = ` +
        `${(perEvent * 1e6).toFixed(1)} µs/event (~${Math.round(2 / perEvent)} events/s on 2 idle cores)`,
    );

    const rebuildStarted = process.hrtime.bigint();
    await app.get(CommandBus).execute(new RebuildReadModelsCommand(5000));
    const rebuildS = Number(process.hrtime.bigint() - rebuildStarted) / 1e9;
    console.log(
      `rebuild: ${total} events in ${rebuildS.toFixed(2)} s = ${Math.round(total / rebuildS)} events/s`,
    );
  } finally {
    await app.close();
    await bus.close();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
