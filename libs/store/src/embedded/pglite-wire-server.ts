import type { PGlite } from '@electric-sql/pglite';
import { AddressInfo, createServer } from 'node:net';
import { BackendTurns } from './backend-turns';
import { PGliteBackend } from './pglite-backend';
import { WireConnection } from './wire-connection';

export interface WireServer {
  host: string;
  port: number;
  // Stops listening, drops every client (rolling back what they left open) and resolves once the backend is free.
  close(): Promise<void>;
}

// A TCP front for PGlite that any Postgres client (pg, TypeORM, psql) can use with as many connections as it likes.
// Unlike @electric-sql/pglite-socket 0.2.17, which interleaves the messages of concurrent connections, each
// connection here gets the backend for a whole Sync-to-Sync sequence or transaction (see BackendTurns).
export async function serveOverTcp(
  db: PGlite,
  listen: { host: string; port: number },
): Promise<WireServer> {
  const backend = new PGliteBackend(db);
  const turns = new BackendTurns();
  const connections = new Set<WireConnection>();
  const server = createServer((socket) => {
    const connection = new WireConnection(socket, backend, turns);
    connections.add(connection);
    void connection.done.then(() => connections.delete(connection));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: listen.host,
    port,
    close: async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const open = [...connections];
      for (const connection of open) connection.close();
      await Promise.all([stopped, ...open.map((connection) => connection.done)]);
    },
  };
}
