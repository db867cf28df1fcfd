import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import {
  DecodedBatch,
  encodeBatch,
  EventBatch,
  BATCH_CONTENT_TYPE,
  uuidv7,
} from '@backtrack/events';
import { EmbeddedBus } from '@backtrack/bus';
import {
  ActivityRow,
  appendEvents,
  CommandRow,
  SessionRow,
  testing,
  writeReadModels,
} from '@backtrack/store';
import { uniqueName } from '@backtrack/testing';
import { createGatewayApp } from '../src/gateway-app/create-gateway-app';
import { createTeam } from '../src/create-team/create-team';
import { createUser } from '../src/create-user/create-user';
import { createToken } from '../src/create-token/create-token';

export interface Member {
  team: string;
  user: string;
  token: string;
  tokenId: string;
}

// Answers are asserted field by field; typing each body would only repeat the DTOs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJson = any;

export interface Reply<T = AnyJson> {
  status: number;
  body: T;
  headers: Headers;
}

export interface SeededCommand {
  line: string;
  exitCode?: number | null;
  output?: string;
  cwd?: string;
  branch?: string;
  // Minutes after the session started.
  atMinute?: number;
}

export interface SessionSeed {
  user: string;
  repo?: string;
  branch?: string;
  startedAt: string;
  endedAt?: string | null;
  commands?: SeededCommand[];
  sessionId?: string;
}

const MINUTE = 60_000;

// A real Postgres database (migrated), an embedded bus and the gateway listening on an ephemeral port.
export class GatewayTestContext {
  private constructor(
    readonly database: testing.TestDatabase,
    readonly bus: EmbeddedBus,
    readonly app: INestApplication,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<GatewayTestContext> {
    const database = await testing.createTestDatabase({ poolSize: 4 });
    const bus = new EmbeddedBus();
    const app = await createGatewayApp({ db: database.dataSource, bus }, { logLevels: ['error'] });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new GatewayTestContext(database, bus, app, `http://127.0.0.1:${port}`);
  }

  get db() {
    return this.database.dataSource;
  }

  // Teams get unique names so one database serves every test of a suite.
  async teamWithUser(team: string, user: string): Promise<Member> {
    const teamName = uniqueName(team);
    await createTeam(this.db, teamName);
    return this.userIn(teamName, user);
  }

  async userIn(teamName: string, user: string): Promise<Member> {
    const userName = uniqueName(user);
    await createUser(this.db, userName, teamName);
    const created = await createToken(this.db, userName, 'test');
    return { team: teamName, user: userName, token: created.token, tokenId: created.id };
  }

  // Writes read-model rows the way the projector does (through the store), shaped like its output.
  async seedSession(seed: SessionSeed): Promise<{ sessionId: string; commandSeqs: number[] }> {
    const sessionId = seed.sessionId ?? uuidv7();
    const startedAt = Date.parse(seed.startedAt);
    const host = `${seed.user}-laptop`;
    const commands: CommandRow[] = [];
    const activity: ActivityRow[] = [];
    let seq = 1;
    const base = { sessionId, userName: seed.user, host, repo: seed.repo ?? null };
    activity.push({
      ...base,
      seq,
      at: startedAt,
      branch: seed.branch ?? null,
      kind: 'session.started',
      summary: 'bash',
      detail: { source: 'terminal' },
    });
    const commandSeqs: number[] = [];
    for (const [index, command] of (seed.commands ?? []).entries()) {
      const at = startedAt + (command.atMinute ?? index + 1) * MINUTE;
      const started = ++seq;
      const finished = ++seq;
      const branch = command.branch ?? seed.branch ?? null;
      const exitCode = command.exitCode === undefined ? 0 : command.exitCode;
      commandSeqs.push(started);
      commands.push({
        ...base,
        commandId: `c${index + 1}`,
        seq: started,
        finishedSeq: finished,
        commandLine: command.line,
        cwd: command.cwd ?? '/home/dev/project',
        branch,
        commit: null,
        exitCode,
        startedAt: at,
        durationMs: 1500,
        outputExcerpt: command.output ?? '',
      });
      activity.push({
        ...base,
        seq: finished,
        at: at + 1500,
        branch,
        kind: 'terminal.command.finished',
        summary: command.line,
        detail: { exitCode, cwd: command.cwd ?? '/home/dev/project', durationMs: 1500 },
      });
    }
    const lastAt = Math.max(startedAt, ...activity.map((a) => a.at));
    const endedAt =
      seed.endedAt === null ? null : seed.endedAt ? Date.parse(seed.endedAt) : lastAt + MINUTE;
    const branches = [
      ...new Set(
        [seed.branch, ...(seed.commands ?? []).map((c) => c.branch)].filter(
          (b): b is string => !!b,
        ),
      ),
    ];
    const session: SessionRow = {
      ...base,
      source: 'terminal',
      title: null,
      branches,
      startedAt,
      endedAt,
      durationMs: endedAt === null ? null : endedAt - startedAt,
      bytes: 0,
      commandCount: commands.length,
      exitCode: endedAt === null ? null : 0,
      cols: 80,
      rows: 24,
      lastSeq: seq,
      lastAt,
    };
    await writeReadModels(this.db, { sessions: [session], commands, activity });
    return { sessionId, commandSeqs };
  }

  async storeEvents(batch: EventBatch): Promise<void> {
    await appendEvents(this.db, batch.events);
  }

  get<T = AnyJson>(path: string, token?: string): Promise<Reply<T>> {
    return this.request<T>('GET', path, token);
  }

  ingest<T = AnyJson>(
    body: Buffer | string,
    token?: string,
    contentType = BATCH_CONTENT_TYPE,
  ): Promise<Reply<T>> {
    return this.request<T>('POST', '/api/v1/ingest', token, { body, contentType });
  }

  ingestBatch(batch: EventBatch, token: string): Promise<Reply> {
    return this.ingest(encodeBatch(batch), token);
  }

  // Collects what the bus delivers to a fresh consumer group, as the projector would see it.
  async subscribe(): Promise<{ batches: DecodedBatch[]; close: () => Promise<void> }> {
    const batches: DecodedBatch[] = [];
    const subscription = await this.bus.subscribe(
      { group: uniqueName('test') },
      async ({ batch }) => {
        batches.push(batch);
      },
    );
    return { batches, close: () => subscription.close() };
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.bus.close();
    await this.database.drop();
  }

  private async request<T>(
    method: string,
    path: string,
    token?: string,
    send?: { body: Buffer | string; contentType: string },
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (send) headers['content-type'] = send.contentType;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(send
        ? { body: typeof send.body === 'string' ? send.body : new Uint8Array(send.body) }
        : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the raw text is what the test sees
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }
}
