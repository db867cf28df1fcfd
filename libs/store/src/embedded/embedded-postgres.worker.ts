import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { parentPort, workerData } from 'node:worker_threads';
import { EmbeddedWorkerData, FromWorker, ToWorker } from './embedded-worker-messages';
import { serveOverTcp } from './pglite-wire-server';

// The extensions the committed migrations create; PGlite must load them at every start, not only the first.
const EXTENSIONS = { pg_trgm, btree_gin };

// Runs in its own thread: PGlite executes queries synchronously in WebAssembly, which would otherwise stall every
// timer and socket of the process (HTTP, bus, projector) for the length of each query.
async function main(port: NonNullable<typeof parentPort>, data: EmbeddedWorkerData) {
  const say = (message: FromWorker) => port.postMessage(message);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create({ dataDir: data.pgdata, extensions: EXTENSIONS });
    const server = await serveOverTcp(db, { host: data.host, port: data.port });
    const running = db;
    port.on('message', (message: ToWorker) => {
      if (message.type !== 'stop') return;
      void (async () => {
        await server.close();
        await running.close();
        say({ type: 'stopped' });
      })().catch((error: Error) => say({ type: 'failed', message: error.message }));
    });
    say({ type: 'listening', host: server.host, port: server.port });
  } catch (error) {
    if (db && !db.closed) await db.close().catch(() => undefined);
    say({ type: 'failed', message: (error as Error).message });
  }
}

if (parentPort) void main(parentPort, workerData as EmbeddedWorkerData);
