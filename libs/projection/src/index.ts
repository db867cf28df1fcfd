export * from './projector-app/projector.options';
export * from './projector-app/projector.config';
export * from './projector-app/projector.module';
export * from './projector-app/create-projector-app';
export * from './consume-bus/bus-consumer';
export * from './project-batch/batch-projected.event';
export * from './dead-letters/event-dead-lettered.event';
export * from './rebuild-read-models/rebuild-read-models.command';
export * from './rebuild-read-models/read-models-rebuilt.event';
export * from './report-dead-letters/report-dead-letters.query';
export * from './report-dead-letters/format-dead-letters';
// Test-only helpers, kept behind a namespace so production code never reaches them by accident.
export * as testing from './testing';
