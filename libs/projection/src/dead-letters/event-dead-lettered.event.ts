import { NewDeadLetter } from '@backtrack/store';

export class EventDeadLettered {
  constructor(readonly letter: NewDeadLetter) {}
}
