import { countDeadLetters, listDeadLetters } from '@backtrack/store';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DeadLetterReport, ReportDeadLettersQuery } from './report-dead-letters.query';

@QueryHandler(ReportDeadLettersQuery)
export class ReportDeadLettersHandler implements IQueryHandler<ReportDeadLettersQuery> {
  constructor(private readonly dataSource: DataSource) {}

  // One snapshot, so the totals and the list never disagree while letters are being recorded.
  execute({ limit, source }: ReportDeadLettersQuery): Promise<DeadLetterReport> {
    return this.dataSource.transaction('REPEATABLE READ', async (db) => ({
      totals: await countDeadLetters(db),
      latest: await listDeadLetters(db, { limit, ...(source ? { source } : {}) }),
    }));
  }
}
