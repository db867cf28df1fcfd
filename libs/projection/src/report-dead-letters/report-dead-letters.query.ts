import { DeadLetterRow, DeadLetterSource } from '@backtrack/store';
import { Query } from '@nestjs/cqrs';

export interface DeadLetterReport {
  totals: Array<{ source: string; count: number; latest: Date }>;
  latest: DeadLetterRow[];
}

export class ReportDeadLettersQuery extends Query<DeadLetterReport> {
  constructor(
    readonly limit = 20,
    readonly source?: DeadLetterSource,
  ) {
    super();
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`limit must be a positive integer (got ${limit})`);
  }
}
