import { Command } from '@nestjs/cqrs';
import { ReadModelsRebuilt } from './read-models-rebuilt.event';

export interface RebuildProgress {
  events: number;
  totalEvents: number;
  sessions: number;
}

export class RebuildReadModelsCommand extends Command<ReadModelsRebuilt> {
  constructor(
    // Events read and projected per step; bounds memory, not the transaction.
    readonly chunkSize = 5000,
    readonly onProgress: (progress: RebuildProgress) => void = () => undefined,
  ) {
    super();
    if (!Number.isInteger(chunkSize) || chunkSize < 1)
      throw new Error(`chunk size must be a positive integer (got ${chunkSize})`);
  }
}
