import { createBus, EmbeddedBus, EventBus } from '@backtrack/bus';
import { AnyEvent } from '@backtrack/events';
import {
  appendEvents,
  findTeam,
  insertTeam,
  insertToken,
  insertUser,
  revokeToken,
  testing,
} from '@backtrack/store';
import { expectEventually, testServices, uniqueName } from '@backtrack/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashToken } from '../authorize-session/authorize-session';
import { VirtualClock } from '../clock/virtual-clock';
import { PlayOptions, SessionPlayer } from '../play-session/session-player';
import { LiveHubs, LiveHubsOptions } from '../fan-out/live-hubs';
import { FollowHandle, FollowSink } from '../follow-session/follow-session';
import { ServerMessage } from '../protocol/messages';
import { GeneratedSessionOptions, generateSession } from './generate-session';

export interface RecordedSession {
  sessionId: string;
  events: AnyEvent[];
}

export interface ContextOptions {
  // 'rabbitmq': the real broker on AMQP_URL, under a namespace of this test run's own.
  bus?: 'embedded' | 'rabbitmq';
  hubs?: Partial<LiveHubsOptions>;
}

// The world playback tests run in: a fresh Postgres database with the schema, sessions recorded into its store,
// a bus, and a replay instance's live hubs on it.
export class PlaybackTestContext {
  private readonly players: TestPlayback[] = [];
  private readonly followers: TestFollower[] = [];
  private liveHubs: Promise<LiveHubs> | undefined;

  private constructor(
    readonly database: testing.TestDatabase,
    readonly bus: EventBus,
    private readonly options: ContextOptions,
  ) {}

  static async create(options: ContextOptions = {}): Promise<PlaybackTestContext> {
    const database = await testing.createTestDatabase({ poolSize: 6 });
    const bus =
      options.bus === 'rabbitmq'
        ? await createBus(testServices.amqpUrl, { namespace: uniqueName('bt-playback') })
        : new EmbeddedBus();
    return new PlaybackTestContext(database, bus, options);
  }

  // This context's replay instance: started on first use.
  hubs(): Promise<LiveHubs> {
    this.liveHubs ??= LiveHubs.start(this.db, this.bus, {
      instanceId: uniqueName('test'),
      retryMs: 20,
      pollEveryMs: 200,
      sweepEveryMs: 50,
      log: () => undefined,
      ...this.options.hubs,
    });
    return this.liveHubs;
  }

  // A client following the session (from after `after`, or the current screen); `reading: false` starts it stalled.
  async follow(
    sessionId: string,
    options: { after?: number; reading?: boolean } = {},
  ): Promise<TestFollower> {
    const follower = new TestFollower(options.reading ?? true);
    const hubs = await this.hubs();
    follower.handle = await hubs.follow(
      sessionId,
      follower.sink,
      options.after !== undefined ? { after: options.after } : {},
    );
    this.followers.push(follower);
    return follower;
  }

  // Events as a recorder sends them: on the bus, and stored by the projector before, after, or not (yet) at all.
  async publishLive(
    events: readonly AnyEvent[],
    options: { stored?: 'before' | 'after' | 'never' } = {},
  ): Promise<void> {
    const stored = options.stored ?? 'after';
    if (events.length === 0) return;
    if (stored === 'before') await this.store(events);
    await this.bus.publish({ sessionId: events[0]!.sessionId, events: [...events] });
    if (stored === 'after') await this.store(events);
  }

  get db() {
    return this.database.dataSource;
  }

  newSessionId(): string {
    return `s-${randomUUID()}`;
  }

  // A generated terminal session, stored as the projector would have stored it.
  async recordSession(options: Partial<GeneratedSessionOptions> = {}): Promise<RecordedSession> {
    const sessionId = options.sessionId ?? this.newSessionId();
    const events = generateSession({ events: 200, ...options, sessionId });
    await this.store(events);
    return { sessionId, events };
  }

  // A user in a team (both made if new) and a token for them, as the gateway's admin CLI makes them.
  async tokenFor(user: string, team: string): Promise<{ token: string; tokenId: string }> {
    const teamId =
      (await findTeam(this.db, team))?.id ??
      (await insertTeam(this.db, { id: randomUUID(), name: team }))!.id;
    await insertUser(this.db, user, teamId);
    const token = `bt_${randomBytes(24).toString('base64url')}`;
    const { id } = await insertToken(this.db, {
      id: randomUUID(),
      user,
      hash: hashToken(token),
      label: 'test',
    });
    return { token, tokenId: id };
  }

  async revoke(tokenId: string): Promise<void> {
    await revokeToken(this.db, tokenId);
  }

  // A stored event the decoder no longer takes (as after a schema change): reading it back throws.
  async garbleStoredEvent(sessionId: string, seq: number): Promise<void> {
    await this.db.query(
      `UPDATE events SET payload = to_jsonb('garbled'::text) WHERE session_id = $1 AND seq = $2`,
      [sessionId, seq],
    );
  }

  async store(events: readonly AnyEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += 500)
      await appendEvents(this.db, events.slice(start, start + 500));
  }

  // A player on a virtual clock; every message is kept with the clock time it was sent at.
  play(sessionId: string, options: Omit<PlayOptions, 'clock'> = {}): TestPlayback {
    const clock = new VirtualClock();
    const sent: SentMessage[] = [];
    const player = new SessionPlayer(
      this.db,
      sessionId,
      (message) => void sent.push({ at: clock.now(), message }),
      { ...options, clock },
    );
    const playback = new TestPlayback(player, clock, sent);
    this.players.push(playback);
    return playback;
  }

  async close(): Promise<void> {
    for (const follower of this.followers) follower.close();
    await (await this.liveHubs)?.close();
    await this.bus.close();
    await Promise.all(this.players.map((playback) => playback.player.stop()));
    await this.database.drop();
  }
}

export interface SentMessage {
  at: number;
  message: ServerMessage;
}

export class TestPlayback {
  private started = false;

  constructor(
    readonly player: SessionPlayer,
    readonly clock: VirtualClock,
    readonly sent: SentMessage[],
  ) {}

  start(): this {
    if (!this.started) void this.player.start().catch((error) => this.sent.push(failure(error)));
    this.started = true;
    return this;
  }

  // Lets virtual time pass, event by event, until `ms` have gone by.
  async advance(ms: number): Promise<void> {
    this.start();
    await this.clock.advanceTo(this.clock.now() + ms, () => this.player.settled());
  }

  // Lets virtual time pass until the player has sent `ended`; returns the clock then.
  async playToEnd(): Promise<number> {
    this.start();
    for (;;) {
      await this.player.settled();
      if (this.player.state === 'ended' || this.player.state === 'stopped') return this.clock.now();
      const wake = this.clock.nextWakeAt();
      if (wake === undefined)
        throw new Error(`player is ${this.player.state} with nothing scheduled`);
      await this.clock.advanceTo(wake, () => this.player.settled());
    }
  }

  // Each events message's seqs with the clock time it was sent at.
  eventTimes(): Array<{ seq: number; at: number }> {
    return this.sent.flatMap(({ at, message }) =>
      message.type === 'events' ? message.events.map((event) => ({ seq: event.seq, at })) : [],
    );
  }

  messagesOf<T extends ServerMessage['type']>(type: T): Array<Extract<ServerMessage, { type: T }>> {
    return this.sent
      .map(({ message }) => message)
      .filter((message): message is Extract<ServerMessage, { type: T }> => message.type === type);
  }
}

function failure(error: unknown): SentMessage {
  return { at: -1, message: { type: 'error', message: (error as Error).message } };
}

// A follower's client: keeps every message it takes; a stalled one takes nothing, like a client that stopped reading.
export class TestFollower {
  readonly messages: ServerMessage[] = [];
  handle!: FollowHandle;
  ended = false;
  // Why the follow was ended for it (a WebSocket client gets an `error` and close code 1011).
  failedWith: string | undefined;
  private resumeReading: (() => void) | undefined;
  private stalled: Promise<void> | undefined;

  constructor(reading: boolean) {
    if (!reading) this.stopReading();
  }

  readonly sink: FollowSink = {
    send: async (text) => {
      while (this.stalled) await this.stalled;
      this.messages.push(JSON.parse(text) as ServerMessage);
    },
    end: () => {
      this.ended = true;
    },
    fail: (message) => {
      this.failedWith = message;
    },
  };

  stopReading(): void {
    this.stalled ??= new Promise((resolve) => (this.resumeReading = resolve));
  }

  startReading(): void {
    this.stalled = undefined;
    this.resumeReading?.();
  }

  // Every event seq received, in the order received.
  seqs(): number[] {
    return this.messages.flatMap((message) =>
      message.type === 'events' ? message.events.map((event) => event.seq) : [],
    );
  }

  lastSeq(): number {
    let last = 0;
    for (const message of this.messages) {
      if (message.type === 'events') last = message.events[message.events.length - 1]?.seq ?? last;
      if (message.type === 'snapshot') last = message.seq;
    }
    return last;
  }

  async receivedUpTo(seq: number): Promise<void> {
    await expectEventually(() => {
      if (this.lastSeq() < seq) throw new Error(`has up to ${this.lastSeq()}, waiting for ${seq}`);
    });
  }

  messagesOf<T extends ServerMessage['type']>(type: T): Array<Extract<ServerMessage, { type: T }>> {
    return this.messages.filter(
      (message): message is Extract<ServerMessage, { type: T }> => message.type === type,
    );
  }

  close(): void {
    this.startReading();
    this.handle?.close();
  }
}
