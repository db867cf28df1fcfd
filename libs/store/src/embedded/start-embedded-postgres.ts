import { mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ADDRESS_FILE, publishAddress } from './data-dir-address';
import { DataDirLock, lockDataDir } from './data-dir-lock';
import { EmbeddedWorkerData, FromWorker, ToWorker } from './embedded-worker-messages';
import { DATABASE } from './wire-connection';

export interface EmbeddedPostgresOptions {
  // Created if missing; holds the cluster (pgdata/) and the lock file.
  dataDir: string;
  // Loopback only: the embedded server asks no password. Default 127.0.0.1.
  host?: string;
  // Default 0: an ephemeral port, read it from the url.
  port?: number;
  // The thread running Postgres died after start (default: a line on stderr); clients then fail to connect.
  onCrash?: (error: Error) => void;
}

export interface EmbeddedPostgres {
  // postgres://postgres@127.0.0.1:<port>/postgres, for pg, TypeORM and createDataSource.
  url: string;
  dataDir: string;
  // Drops clients (rolling back their open transactions), shuts Postgres down cleanly and frees the folder.
  stop(): Promise<void>;
}

export function defaultEmbeddedDataDir(): string {
  return join(homedir(), '.backtrack', 'data');
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

// Postgres with no server installed: PGlite (Postgres compiled to WebAssembly) in a thread of this process, its data in
// dataDir, served over TCP on loopback. Any pool size works, but PGlite is one backend: each connection gets it for a
// whole transaction (or Sync-to-Sync query) while the others wait, so keep transactions short, never wait inside one
// for another connection's query, and do not rely on per-connection session state (SET, session advisory locks,
// named prepared statements, temp tables: all connections share them). No LISTEN/NOTIFY; COPY FROM STDIN is refused.
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const { host, port } = checkListen(options);
  const dataDir = checkDataDir(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  try {
    return await startWorker(
      dataDir,
      lock,
      { pgdata: join(dataDir, 'pgdata'), host, port },
      options,
    );
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startWorker(
  dataDir: string,
  lock: DataDirLock,
  data: EmbeddedWorkerData,
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const worker = spawnWorker(data);
  const listening = await new Promise<{ host: string; port: number }>((ready, fail) => {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'listening') ready(message);
      if (message.type === 'failed')
        fail(new Error(`embedded Postgres did not start: ${message.message}`));
    });
    worker.once('error', (error) =>
      fail(new Error(`embedded Postgres did not start: ${error.message}`)),
    );
    worker.once('exit', (code) =>
      fail(new Error(`embedded Postgres exited while starting (code ${code})`)),
    );
  }).catch(async (error: Error) => {
    await worker.terminate();
    throw error;
  });

  let stopping: Promise<void> | undefined;
  const crashed = (error: Error) => {
    if (stopping) return;
    rmSync(join(dataDir, ADDRESS_FILE), { force: true });
    lock.release();
    (options.onCrash ?? reportCrash)(error);
  };
  worker.on('error', crashed);
  worker.on('exit', (code) => crashed(new Error(`embedded Postgres exited with code ${code}`)));

  const url = `postgres://postgres@${urlHost(listening.host)}:${listening.port}/${DATABASE}`;
  const address = publishAddress(dataDir, url);
  return {
    url,
    dataDir,
    stop: () =>
      (stopping ??= stopWorker(worker).finally(() => {
        address.remove();
        lock.release();
      })),
  };
}

async function stopWorker(worker: Worker): Promise<void> {
  const stopped = new Promise<void>((done, fail) => {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'stopped') done();
      if (message.type === 'failed')
        fail(new Error(`embedded Postgres did not stop cleanly: ${message.message}`));
    });
    worker.once('exit', () => done());
  });
  worker.postMessage({ type: 'stop' } satisfies ToWorker);
  try {
    await stopped;
  } finally {
    await worker.terminate();
  }
}

// From sources (jest, swc-node) the worker is TypeScript and needs the same on-the-fly compiler; from dist it is plain JS.
function spawnWorker(workerData: EmbeddedWorkerData): Worker {
  const entry = join(__dirname, `embedded-postgres.worker${extname(__filename)}`);
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData });
  const compiler = require.resolve('@swc-node/register');
  return new Worker(`require(${JSON.stringify(compiler)}); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData,
  });
}

function reportCrash(error: Error): void {
  process.stderr.write(`backtrack: ${error.message}\n`);
}

function checkDataDir(dataDir: unknown): string {
  if (typeof dataDir !== 'string' || dataDir.trim() === '') {
    throw new Error('embedded Postgres needs a dataDir (a folder path, e.g. ~/.backtrack/data)');
  }
  return resolve(dataDir);
}

function checkListen(options: EmbeddedPostgresOptions): { host: string; port: number } {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!LOOPBACK.test(host)) {
    throw new Error(
      `embedded Postgres listens on loopback only, as it asks no password (host "${host}"; use 127.0.0.1)`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`embedded Postgres port must be an integer from 0 to 65535 (got ${port})`);
  }
  return { host, port };
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
