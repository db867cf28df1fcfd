// What the main thread and the thread that runs PGlite say to each other.
export interface EmbeddedWorkerData {
  pgdata: string;
  host: string;
  port: number;
}

export type ToWorker = { type: 'stop' };

export type FromWorker =
  | { type: 'listening'; host: string; port: number }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };
