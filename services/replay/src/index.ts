export * from './serve-replay/replay-config';
export * from './serve-replay/start-replay-server';
