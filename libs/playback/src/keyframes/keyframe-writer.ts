import { AnyEvent } from '@backtrack/events';
import { SessionScreen } from '../session-screen/session-screen';
import { Keyframe } from './keyframe-repository';
import {
  DEFAULT_KEYFRAME_POLICY,
  KeyframePolicy,
  KeyframeSchedule,
  validatePolicy,
} from './keyframe-policy';

export type StoreKeyframe = (keyframe: Keyframe) => Promise<void>;

// Folds events into a session screen and stores a keyframe whenever the policy says one is due. Seeks use it to
// fill in keyframes of old sessions as they read them, live hubs to keep keyframes of running ones.
export class KeyframeWriter {
  private readonly schedule: KeyframeSchedule;
  private written = 0;

  constructor(
    readonly screen: SessionScreen,
    // undefined: fold only, store nothing (and spend nothing on snapshots).
    private readonly store: StoreKeyframe | undefined,
    policy: KeyframePolicy = DEFAULT_KEYFRAME_POLICY,
  ) {
    this.schedule = new KeyframeSchedule(validatePolicy(policy), screen.at);
  }

  get keyframesWritten(): number {
    return this.written;
  }

  async fold(events: readonly AnyEvent[]): Promise<void> {
    const store = this.store;
    if (!store) return this.screen.apply(events);
    let start = 0;
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      if (event.seq <= this.screen.seq) {
        start = index + 1; // already folded: counts for nothing
        continue;
      }
      if (!this.schedule.isDueAfter(event)) continue;
      await this.screen.apply(events.slice(start, index + 1));
      start = index + 1;
      await this.storeKeyframe(store);
    }
    if (start < events.length) await this.screen.apply(events.slice(start));
  }

  private async storeKeyframe(store: StoreKeyframe): Promise<void> {
    const snapshot = this.screen.snapshot();
    await store({ ...snapshot, at: snapshot.at! });
    this.schedule.keyframeStored(snapshot.at!);
    this.written++;
  }
}
