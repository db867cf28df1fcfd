import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { EventDeadLettered } from './event-dead-lettered.event';

// Operators see bad input in the log as it happens; the dead_letters table keeps the details.
@EventsHandler(EventDeadLettered)
export class LogDeadLettersHandler implements IEventHandler<EventDeadLettered> {
  private readonly logger = new Logger('DeadLetters');

  handle({ letter }: EventDeadLettered): void {
    const where = letter.sessionId
      ? ` session ${letter.sessionId}${letter.seq !== undefined ? ` seq ${letter.seq}` : ''}`
      : '';
    this.logger.warn(`dead letter from ${letter.source}${where}: ${letter.reason}`);
  }
}
