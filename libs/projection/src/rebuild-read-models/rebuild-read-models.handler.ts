import { AnyEvent } from '@backtrack/events';
import { countEvents, readEventsInSessionOrder, truncateReadModels } from '@backtrack/store';
import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { applyToReadModels } from '../projection/apply-to-read-models';
import { ReadModelsRebuilt } from './read-models-rebuilt.event';
import { RebuildReadModelsCommand } from './rebuild-read-models.command';

// Replays the event store through the live projection code. One transaction: readers keep the old rows until
// it commits, and a running projector waits on the truncated tables instead of interleaving with the replay.
@CommandHandler(RebuildReadModelsCommand)
export class RebuildReadModelsHandler implements ICommandHandler<RebuildReadModelsCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async execute({ chunkSize, onProgress }: RebuildReadModelsCommand): Promise<ReadModelsRebuilt> {
    const startedAt = Date.now();
    const rebuilt = await this.dataSource.transaction(async (db) => {
      await truncateReadModels(db);
      const { events: totalEvents } = await countEvents(db);
      let events = 0;
      let sessions = 0;
      let last: AnyEvent | undefined;
      for (;;) {
        const chunk = await readEventsInSessionOrder(db, {
          ...(last ? { after: last } : {}),
          limit: chunkSize,
        });
        if (chunk.length === 0) break;
        // Gaps were dead-lettered when the events arrived; replaying them must not record them twice.
        await applyToReadModels(db, chunk);
        sessions += sessionsBegun(last, chunk);
        events += chunk.length;
        last = chunk[chunk.length - 1]!;
        onProgress({ events, totalEvents, sessions });
      }
      return new ReadModelsRebuilt(events, sessions, Date.now() - startedAt);
    });
    this.events.publish(rebuilt);
    return rebuilt;
  }
}

// Events come in session order, so a session begins wherever the session id changes.
function sessionsBegun(before: AnyEvent | undefined, chunk: AnyEvent[]): number {
  let count = 0;
  let previous = before?.sessionId;
  for (const event of chunk) {
    if (event.sessionId !== previous) count++;
    previous = event.sessionId;
  }
  return count;
}
