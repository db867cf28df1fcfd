import { NewDeadLetter, recordDeadLetter } from '@backtrack/store';
import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { EventDeadLettered } from '../dead-letters/event-dead-lettered.event';
import { RecordBusDeadLetterCommand } from './record-bus-dead-letter.command';

@CommandHandler(RecordBusDeadLetterCommand)
export class RecordBusDeadLetterHandler implements ICommandHandler<RecordBusDeadLetterCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async execute({ letter }: RecordBusDeadLetterCommand): Promise<boolean> {
    const row: NewDeadLetter = {
      source: 'bus',
      sessionId: letter.sessionId,
      reason: letter.reason,
      raw: letter.body.toString('utf8'),
    };
    const recorded = await recordDeadLetter(this.dataSource, row);
    if (recorded) this.events.publish(new EventDeadLettered(row));
    return recorded;
  }
}
