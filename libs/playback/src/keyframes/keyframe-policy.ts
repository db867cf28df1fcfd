import { AnyEvent } from '@backtrack/events';
import { outputBytes } from '../session-screen/session-screen';

// When to store a keyframe: bounds what a seek must replay after the nearest one.
export interface KeyframePolicy {
  // Session time since the last keyframe, once the screen changed.
  everyMs: number;
  // Terminal output since the last keyframe: what xterm must parse on a seek.
  everyBytes: number;
  // Events since the last keyframe: what a seek must read from the store.
  everyEvents: number;
}

export const DEFAULT_KEYFRAME_POLICY: KeyframePolicy = {
  everyMs: 5_000,
  everyBytes: 256 * 1024,
  everyEvents: 1_000,
};

// Counts what happened since the last keyframe and says when the next one is due.
export class KeyframeSchedule {
  private sinceAt: number | undefined;
  private bytes = 0;
  private events = 0;
  private screenChanged = false;

  constructor(
    private readonly policy: KeyframePolicy,
    lastKeyframeAt: number | undefined,
  ) {
    this.sinceAt = lastKeyframeAt;
  }

  // Counts the event in; true when a keyframe should be stored right after it.
  isDueAfter(event: AnyEvent): boolean {
    this.sinceAt ??= event.at;
    this.events++;
    this.bytes += outputBytes(event);
    this.screenChanged ||= event.type === 'terminal.output' || event.type === 'terminal.resize';
    return (
      this.events >= this.policy.everyEvents ||
      this.bytes >= this.policy.everyBytes ||
      (this.screenChanged && event.at - this.sinceAt >= this.policy.everyMs)
    );
  }

  keyframeStored(at: number): void {
    this.sinceAt = at;
    this.bytes = 0;
    this.events = 0;
    this.screenChanged = false;
  }
}

export function validatePolicy(policy: KeyframePolicy): KeyframePolicy {
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`keyframe policy ${name} must be a positive number, got ${String(value)}`);
  }
  return policy;
}
