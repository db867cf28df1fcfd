import { EmbeddedBus, EventBus } from '@backtrack/bus';
import { AnyEvent } from '@backtrack/events';
import { testing } from '@backtrack/store';
import { expectEventually, testServices } from '@backtrack/testing';
import { INestApplicationContext } from '@nestjs/common';
import { CommandBus, EventBus as DomainEvents, QueryBus } from '@nestjs/cqrs';
import { Subscription as RxSubscription } from 'rxjs';
import { BusConsumer } from '../consume-bus/bus-consumer';
import { BatchProjected } from '../project-batch/batch-projected.event';
import { createProjectorApp } from '../projector-app/create-projector-app';
import {
  RebuildReadModelsCommand,
  RebuildProgress,
} from '../rebuild-read-models/rebuild-read-models.command';
import { ReportDeadLettersQuery } from '../report-dead-letters/report-dead-letters.query';
import { RecorderOptions, SessionRecorder } from './session-recorder';

type Row = Record<string, unknown>;

export interface ContextOptions {
  // The bus the projector consumes and the test publishes to; an EmbeddedBus when absent.
  bus?: () => Promise<EventBus>;
}

// The world a projector spec talks about: its own database, a bus, a running projector, sessions to record.
export class ProjectorTestContext {
  private app: INestApplicationContext | undefined;
  private domainEvents: RxSubscription | undefined;
  // Every batch the projector committed, as its BatchProjected event reported it.
  readonly projectedBatches: BatchProjected[] = [];

  private constructor(
    readonly db: testing.TestDatabase,
    readonly bus: EventBus,
  ) {}

  static async create(options: ContextOptions = {}): Promise<ProjectorTestContext> {
    const db = await testing.createTestDatabase({ serverUrl: testServices.databaseUrl });
    const bus = options.bus ? await options.bus() : new EmbeddedBus();
    const ctx = new ProjectorTestContext(db, bus);
    await ctx.startProjector();
    return ctx;
  }

  async startProjector(): Promise<void> {
    this.app = await createProjectorApp({ databaseUrl: this.db.url, bus: () => this.bus }, false);
    this.domainEvents = this.app.get(DomainEvents).subscribe((event) => {
      if (event instanceof BatchProjected) this.projectedBatches.push(event);
    });
  }

  async stopProjector(): Promise<void> {
    this.domainEvents?.unsubscribe();
    await this.app?.close();
    this.app = undefined;
  }

  // As if the process were killed: batches in flight are not acknowledged and come again to the next projector.
  async crashProjector(): Promise<void> {
    this.domainEvents?.unsubscribe();
    await this.app?.get(BusConsumer).abort();
    await this.app?.close().catch(() => undefined);
    this.app = undefined;
  }

  recordSession(options: RecorderOptions = {}): SessionRecorder {
    return new SessionRecorder(options);
  }

  async publish(events: AnyEvent[], batchSize = 100): Promise<void> {
    for (let i = 0; i < events.length; i += batchSize) {
      const batch = events.slice(i, i + batchSize);
      await this.bus.publish({ sessionId: batch[0]!.sessionId, events: batch });
    }
  }

  async publishRaw(sessionId: string, body: unknown): Promise<void> {
    await this.bus.publishEncoded(
      sessionId,
      Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    );
  }

  // Waits until the read model's checkpoint for the session has reached the seq.
  async projected(sessionId: string, seq: number): Promise<Row> {
    return expectEventually(async () => {
      const row = await this.sessionRow(sessionId);
      expect(row?.['last_seq']).toBe(seq);
      return row!;
    });
  }

  // Waits until the projector has committed this many batches since the context began.
  async batchesProjected(count: number): Promise<BatchProjected[]> {
    return expectEventually(() => {
      expect(this.projectedBatches.length).toBeGreaterThanOrEqual(count);
      return this.projectedBatches.slice(0, count);
    });
  }

  async sessionRow(sessionId: string): Promise<Row | undefined> {
    const [row] = await this.query('SELECT * FROM sessions WHERE session_id = $1', [sessionId]);
    return row;
  }

  commandRows(sessionId: string): Promise<Row[]> {
    return this.query('SELECT * FROM commands WHERE session_id = $1 ORDER BY seq', [sessionId]);
  }

  activityRows(sessionId: string): Promise<Row[]> {
    return this.query('SELECT * FROM activity WHERE session_id = $1 ORDER BY seq', [sessionId]);
  }

  deadLetters(sessionId?: string): Promise<Row[]> {
    return this.query(
      'SELECT * FROM dead_letters WHERE $1::text IS NULL OR session_id = $1 ORDER BY id',
      [sessionId ?? null],
    );
  }

  async storedSeqs(sessionId: string): Promise<number[]> {
    const rows = await this.query('SELECT seq FROM events WHERE session_id = $1 ORDER BY seq', [
      sessionId,
    ]);
    return rows.map((r) => r['seq'] as number);
  }

  // Every read-model row, in a stable order: what a rebuild must reproduce exactly.
  async readModels(): Promise<{ sessions: Row[]; commands: Row[]; activity: Row[] }> {
    return {
      sessions: await this.query('SELECT * FROM sessions ORDER BY session_id'),
      commands: await this.query('SELECT * FROM commands ORDER BY session_id, command_id'),
      activity: await this.query('SELECT * FROM activity ORDER BY session_id, seq'),
    };
  }

  rebuild(chunkSize?: number, onProgress?: (progress: RebuildProgress) => void) {
    return this.projector
      .get(CommandBus)
      .execute(new RebuildReadModelsCommand(chunkSize, onProgress));
  }

  reportDeadLetters(limit?: number) {
    return this.projector.get(QueryBus).execute(new ReportDeadLettersQuery(limit));
  }

  // What a database restart looks like to the projector: the server drops its connections.
  async terminateProjectorConnections(): Promise<number> {
    const rows = await this.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'backtrack-projector'`,
      [this.db.name],
    );
    return rows.length;
  }

  query(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.db.dataSource.query(sql, params);
  }

  get projector(): INestApplicationContext {
    if (!this.app) throw new Error('the projector is not running');
    return this.app;
  }

  async dispose(): Promise<void> {
    await this.stopProjector();
    await this.bus.close();
    await this.db.drop();
  }
}
