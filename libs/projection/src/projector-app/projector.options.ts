import { EventBus } from '@backtrack/bus';

export interface ProjectorOptions {
  databaseUrl: string;
  // Consume this bus; without one the module only serves rebuild and dead-letter reports.
  bus?: () => EventBus | Promise<EventBus>;
  // Batches projected at once (each in its own transaction); the pool gets as many connections plus two.
  prefetch?: number;
}

export const PROJECTOR_OPTIONS = Symbol('PROJECTOR_OPTIONS');
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
