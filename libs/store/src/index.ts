export * from './queryable';
export * from './data-source';
export * from './json-for-postgres';
export * from './migrations/sql-file.migration';
export * from './migrations/run-migrations';
export * from './event-store/append-events';
export * from './event-store/read-events';
export * from './dead-letters/dead-letters';
export * from './read-models/read-model.rows';
export * from './read-models/read-models';
// Test-only helpers, kept behind a namespace so production code never reaches them by accident.
export * as testing from './testing';
export * from './queries';
export * from './embedded';
