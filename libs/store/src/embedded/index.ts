export * from './start-embedded-postgres';
export * from './open-embedded-database';
