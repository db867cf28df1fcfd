import { EventBus, Subscription } from '@backtrack/bus';
import { Queryable } from '@backtrack/store';
import { FollowerSink } from './follower';
import { DEFAULT_HUB_OPTIONS, HubOptions, SessionHub } from './session-hub';
import { followSession, FollowHandle } from '../follow-session/follow-session';

export interface LiveHubsOptions extends Partial<HubOptions> {
  // Names this instance's bus group, `replay-<instanceId>`: each instance gets every batch.
  instanceId: string;
  // A hub nobody follows is dropped once its session ended, or after this long (it serves quick reconnects).
  dropAfterMs?: number;
  // A followed hub that heard nothing this long asks the store, for events the bus did not bring.
  pollEveryMs?: number;
  sweepEveryMs?: number;
}

export interface LiveHubsStats {
  hubs: number;
  followers: number;
  bufferedBytes: number;
}

interface HubEntry {
  hub: SessionHub;
  loading: Promise<void>;
  ready: boolean;
  emptySince: number;
}

// One bus subscription per replay instance, one hub per followed session, fanned out to its followers.
export class LiveHubs {
  private readonly hubs = new Map<string, HubEntry>();
  private subscription: Subscription | undefined;
  private readonly sweeper: NodeJS.Timeout;
  private readonly hubOptions: HubOptions;

  private constructor(
    private readonly db: Queryable,
    private readonly options: LiveHubsOptions,
  ) {
    this.hubOptions = { ...DEFAULT_HUB_OPTIONS, ...withoutUndefined(options) };
    this.sweeper = setInterval(() => this.sweep(), options.sweepEveryMs ?? 1000);
    this.sweeper.unref();
  }

  static async start(db: Queryable, bus: EventBus, options: LiveHubsOptions): Promise<LiveHubs> {
    const hubs = new LiveHubs(db, options);
    try {
      hubs.subscription = await bus.subscribe(
        // Ephemeral: nothing is kept for an instance that is gone; a hub fills what it missed from the store.
        { group: `replay-${options.instanceId}`, prefetch: 64, ephemeral: true },
        async ({ batch }) => hubs.hubs.get(batch.sessionId)?.hub.receive(batch.events),
      );
    } catch (error) {
      await hubs.close();
      throw error;
    }
    return hubs;
  }

  async follow(
    sessionId: string,
    sink: FollowerSink,
    options: { after?: number } = {},
  ): Promise<FollowHandle> {
    let entry = this.entryFor(sessionId);
    await entry.loading;
    while (this.hubs.get(sessionId) !== entry) {
      entry = this.entryFor(sessionId); // dropped while loading: a new one
      await entry.loading;
    }
    const handle = followSession(entry.hub, sink, options.after);
    return {
      follower: handle.follower,
      close: () => {
        handle.close();
        if (entry.hub.followers.size === 0) entry.emptySince = Date.now();
      },
    };
  }

  hub(sessionId: string): SessionHub | undefined {
    return this.hubs.get(sessionId)?.hub;
  }

  stats(): LiveHubsStats {
    let followers = 0;
    let bufferedBytes = 0;
    for (const { hub } of this.hubs.values()) {
      followers += hub.followers.size;
      bufferedBytes += hub.bufferedBytes();
    }
    return { hubs: this.hubs.size, followers, bufferedBytes };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.subscription?.close();
    for (const { hub } of this.hubs.values()) hub.close();
    this.hubs.clear();
  }

  // The hub is registered before it loads, so live batches that arrive while it reads the store wait in it.
  private entryFor(sessionId: string): HubEntry {
    const existing = this.hubs.get(sessionId);
    if (existing) return existing;
    const hub = new SessionHub(sessionId, this.db, this.hubOptions);
    const entry: HubEntry = { hub, loading: hub.load(), ready: false, emptySince: Date.now() };
    entry.loading.then(
      () => (entry.ready = true),
      () => {
        if (this.hubs.get(sessionId) === entry) this.hubs.delete(sessionId);
        hub.close();
      },
    );
    this.hubs.set(sessionId, entry);
    return entry;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [sessionId, entry] of this.hubs) {
      const { hub } = entry;
      if (!entry.ready) continue;
      if (hub.followers.size === 0) {
        if (hub.isEnded || now - entry.emptySince >= (this.options.dropAfterMs ?? 30_000)) {
          hub.close();
          this.hubs.delete(sessionId);
        }
      } else if (!hub.isEnded && now - hub.lastActivity >= (this.options.pollEveryMs ?? 2000)) {
        hub.lastActivity = now;
        hub.poll();
      }
    }
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
