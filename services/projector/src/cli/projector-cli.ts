import { createBus, sharedBusUrl } from '@backtrack/bus';
import { redact, runMigrations } from '@backtrack/store';
import {
  createProjectorApp,
  formatDeadLetters,
  PROJECTOR_GROUP,
  ProjectorConfig,
  RebuildProgress,
  RebuildReadModelsCommand,
  ReportDeadLettersQuery,
} from '@backtrack/projection';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ProjectorCommandLine } from './command-line';

type Print = (line: string) => void;

export async function migrate(config: ProjectorConfig, print: Print): Promise<void> {
  print(`migrate: database ${redact(config.databaseUrl)}`);
  const { applied, current } = await runMigrations(config.databaseUrl);
  for (const file of applied) print(`migrate: applied ${file}`);
  print(
    `migrate: ${applied.length === 0 ? 'nothing pending, ' : ''}schema at ${current ?? '(empty)'}`,
  );
}

// Runs until SIGTERM or SIGINT, then lets batches in flight finish before it exits.
export async function run(config: ProjectorConfig, print: Print): Promise<void> {
  sharedBusUrl(config.busUrl);
  await migrate(config, print);
  const bus = await createBus(config.busUrl, {
    groups: [PROJECTOR_GROUP],
    ...(config.busNamespace ? { namespace: config.busNamespace } : {}),
  });
  const app = await createProjectorApp({ databaseUrl: config.databaseUrl, bus: () => bus });
  print(`projector: consuming ${redact(config.busUrl)} as group "${PROJECTOR_GROUP}"`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      print(`projector: ${signal}, finishing batches in flight`);
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await app.close();
  await bus.close();
  print('projector: stopped');
}

export async function rebuild(
  config: ProjectorConfig,
  chunkSize: number,
  print: Print,
): Promise<void> {
  await migrate(config, print);
  const app = await createProjectorApp({ databaseUrl: config.databaseUrl });
  try {
    let printedAt = 0;
    const progress = (p: RebuildProgress) => {
      if (Date.now() - printedAt < 1000 && p.events < p.totalEvents) return;
      printedAt = Date.now();
      const percent = p.totalEvents === 0 ? 100 : Math.floor((100 * p.events) / p.totalEvents);
      print(`rebuild: ${p.events}/${p.totalEvents} events (${percent}%), ${p.sessions} sessions`);
    };
    print(
      'rebuild: replaying the event store into sessions, commands and activity (one transaction)',
    );
    const done = await app
      .get(CommandBus)
      .execute(new RebuildReadModelsCommand(chunkSize, progress));
    print(
      `rebuild: done, ${done.events} events of ${done.sessions} sessions in ${(done.durationMs / 1000).toFixed(1)} s`,
    );
  } finally {
    await app.close();
  }
}

export async function deadLetters(
  config: ProjectorConfig,
  options: Extract<ProjectorCommandLine, { command: 'dead-letters' }>,
  print: Print,
): Promise<void> {
  const app = await createProjectorApp({ databaseUrl: config.databaseUrl });
  try {
    const report = await app
      .get(QueryBus)
      .execute(new ReportDeadLettersQuery(options.limit, options.source));
    print(options.json ? JSON.stringify(report, null, 2) : formatDeadLetters(report));
  } finally {
    await app.close();
  }
}
