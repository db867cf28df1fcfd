// Prints how fast the projector ingests and rebuilds: `npm run bench:projector` (or node -r @swc-node/register this file).
// Sessions of mostly terminal output with a command every 50 events, published through the in-process bus.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { EmbeddedBus } from '@backtrack/bus';
import { AnyEvent, createEvent, encodeBatch } from '@backtrack/events';
import { testing } from '@backtrack/store';
import { NestFactory } from '@nestjs/core';
import { CommandBus, EventBus } from '@nestjs/cqrs';
import { BatchProjected } from '../src/project-batch/batch-projected.event';
import { ProjectorModule } from '../src/projector-app/projector.module';
import { RebuildReadModelsCommand } from '../src/rebuild-read-models/rebuild-read-models.command';

const SESSIONS = Number(process.env['BENCH_SESSIONS'] ?? 16);
const EVENTS_PER_SESSION = Number(process.env['BENCH_EVENTS'] ?? 12_500);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 500);

function sessionEvents(index: number): AnyEvent[] {
  const sessionId = `bench-${index}-${Date.now().toString(36)}`;
  const actor = { user: 'ada', host: 'ada-laptop' };
  const context = { repo: 'acme/app', branch: 'main' };
  const at = Date.now();
  const events: AnyEvent[] = [];
  const add = (type: string, payload: unknown) =>
    events.push(
      createEvent({
        sessionId,
        seq: events.length + 1,
        type: type as never,
        payload: payload as never,
        actor,
        context,
        at: at + events.length,
      }),
    );
  add('session.started', {
    source: 'terminal',
    cols: 120,
    rows: 40,
    agent: { name: 'bench', version: '0' },
  });
  let command = 0;
  while (events.length < EVENTS_PER_SESSION - 1) {
    const i = events.length % 50;
    if (i === 1)
      add('terminal.command.started', {
        commandId: `c${++command}`,
        commandLine: `npm run build -- --step ${command}`,
      });
    else if (i === 49)
      add('terminal.command.finished', { commandId: `c${command}`, exitCode: 0, durationMs: 48 });
    else
      add('terminal.output', {
        data: `\x1b[32m✓\x1b[0m compiled module ${events.length} in 12ms\r\n`,
      });
  }
  add('session.ended', { exitCode: 0, reason: 'exited' });
  return events;
}

const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

// CPU time of this database's server processes (Linux /proc): the projector's connections do the SQL work.
async function postgresCpuSeconds(db: testing.TestDatabase): Promise<number> {
  const rows: Array<{ pid: number }> = await db.dataSource.query(
    'SELECT pid FROM pg_stat_activity WHERE datname = $1',
    [db.name],
  );
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // a connection that ended meanwhile
    }
  }
  return total;
}

async function main(): Promise<void> {
  const db = await testing.createTestDatabase();
  const bus = new EmbeddedBus();
  const app = await NestFactory.createApplicationContext(
    ProjectorModule.forRoot({ databaseUrl: db.url, bus: () => bus }),
    { logger: ['error'] },
  );
  try {
    const sessions = Array.from({ length: SESSIONS }, (_, i) => sessionEvents(i));
    const bodies = sessions.map((events) => {
      const list: Buffer[] = [];
      for (let i = 0; i < events.length; i += BATCH)
        list.push(
          encodeBatch({ sessionId: events[0]!.sessionId, events: events.slice(i, i + BATCH) }),
        );
      return { sessionId: events[0]!.sessionId, list };
    });
    const total = SESSIONS * EVENTS_PER_SESSION;
    let projected = 0;
    const done = new Promise<void>((resolve) =>
      app.get(EventBus).subscribe((event) => {
        if (event instanceof BatchProjected && (projected += event.appended) >= total) resolve();
      }),
    );
    const cpuBefore = { node: process.cpuUsage(), postgres: await postgresCpuSeconds(db) };
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
    const postgresCpu = (await postgresCpuSeconds(db)) - cpuBefore.postgres;
    const perEvent = (nodeCpu + postgresCpu) / total;
    // Wall time depends on what else the machine runs; CPU per event says what two idle cores could do.
    console.log(
      `ingest cpu: projector ${nodeCpu.toFixed(2)} s + postgres ${postgresCpu.toFixed(2)} s = ` +
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
