import { DeadLetter } from '@backtrack/bus';
import { Command } from '@nestjs/cqrs';

// A batch the bus gave up on (undecodable, or the projector failed it every attempt).
export class RecordBusDeadLetterCommand extends Command<boolean> {
  constructor(readonly letter: DeadLetter) {
    super();
  }
}
