import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { EmbeddedPostgres, startEmbeddedPostgres } from './start-embedded-postgres';

// Builds the world of the embedded-database specs (temp folders, running databases, clients) and tears it all down.
export class EmbeddedTestContext {
  private readonly folders: string[] = [];
  private readonly databases: EmbeddedPostgres[] = [];
  private readonly closers: Array<() => Promise<unknown>> = [];

  folder(): string {
    const folder = mkdtempSync(join(tmpdir(), 'bt-embedded-'));
    this.folders.push(folder);
    return folder;
  }

  async start(dataDir = this.folder()): Promise<EmbeddedPostgres> {
    const database = await startEmbeddedPostgres({ dataDir });
    this.databases.push(database);
    return database;
  }

  async dataSource(url: string, poolSize = 4): Promise<DataSource> {
    const dataSource = await createDataSource({ url, poolSize }).initialize();
    this.closers.push(() => (dataSource.isInitialized ? dataSource.destroy() : Promise.resolve()));
    return dataSource;
  }

  async client(url: string): Promise<Client> {
    const client = new Client({ connectionString: url });
    client.on('error', () => undefined);
    await client.connect();
    this.closers.push(() => client.end().catch(() => undefined));
    return client;
  }

  async cleanup(): Promise<void> {
    for (const close of this.closers.splice(0)) await close();
    for (const database of this.databases.splice(0)) await database.stop();
    for (const folder of this.folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  }
}
