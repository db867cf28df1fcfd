import { appendEvents, lockSessions, recordDeadLetters } from '@backtrack/store';
import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { EventDeadLettered } from '../dead-letters/event-dead-lettered.event';
import { applyToReadModels } from '../projection/apply-to-read-models';
import { BatchProjected } from './batch-projected.event';
import { conflictLetters, gapLetters, rejectedEventLetters } from './dead-letters-of-batch';
import { ProjectBatchCommand } from './project-batch.command';

// One transaction per delivered batch: events, read models (checkpoint = sessions.last_seq) and dead letters
// commit together, so a crash at any point leaves either all of the batch or none of it.
@CommandHandler(ProjectBatchCommand)
export class ProjectBatchHandler implements ICommandHandler<ProjectBatchCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async execute({ batch }: ProjectBatchCommand): Promise<BatchProjected> {
    const { projected, letters } = await this.dataSource.transaction(async (db) => {
      await lockSessions(db, [batch.sessionId]);
      const { appended, duplicates, conflicts } = await appendEvents(db, batch.events);
      const gaps = await applyToReadModels(db, appended);
      const letters = await recordDeadLetters(db, [
        ...rejectedEventLetters(batch),
        ...conflictLetters(conflicts),
        ...gapLetters(gaps),
      ]);
      return {
        projected: new BatchProjected(
          batch.sessionId,
          appended.length,
          duplicates.length,
          letters.length,
        ),
        letters,
      };
    });
    this.events.publishAll([projected, ...letters.map((letter) => new EventDeadLettered(letter))]);
    return projected;
  }
}
