import { DEFAULT_PREFETCH } from '@backtrack/bus';
import { createDataSource } from '@backtrack/store';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusConsumer } from '../consume-bus/bus-consumer';
import { LogDeadLettersHandler } from '../dead-letters/log-dead-letters.handler';
import { ProjectBatchHandler } from '../project-batch/project-batch.handler';
import { RebuildReadModelsHandler } from '../rebuild-read-models/rebuild-read-models.handler';
import { RecordBusDeadLetterHandler } from '../record-bus-dead-letter/record-bus-dead-letter.handler';
import { ReportDeadLettersHandler } from '../report-dead-letters/report-dead-letters.handler';
import { MESSAGE_BUS, PROJECTOR_OPTIONS, ProjectorOptions } from './projector.options';

@Module({})
export class ProjectorModule {
  static forRoot(options: ProjectorOptions): DynamicModule {
    const consuming: Provider[] = options.bus
      ? [{ provide: MESSAGE_BUS, useFactory: options.bus }, BusConsumer]
      : [];
    return {
      module: ProjectorModule,
      imports: [
        CqrsModule.forRoot(),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'postgres', retryAttempts: 5, retryDelay: 1000 }),
          dataSourceFactory: () =>
            createDataSource({
              url: options.databaseUrl,
              poolSize: (options.prefetch ?? DEFAULT_PREFETCH) + 2,
              applicationName: 'backtrack-projector',
            }).initialize(),
        }),
      ],
      providers: [
        { provide: PROJECTOR_OPTIONS, useValue: options },
        ProjectBatchHandler,
        RecordBusDeadLetterHandler,
        RebuildReadModelsHandler,
        ReportDeadLettersHandler,
        LogDeadLettersHandler,
        ...consuming,
      ],
    };
  }
}
