import { DecodedBatch } from '@backtrack/events';
import { Command } from '@nestjs/cqrs';
import { BatchProjected } from './batch-projected.event';

export class ProjectBatchCommand extends Command<BatchProjected> {
  constructor(readonly batch: DecodedBatch) {
    super();
  }
}
