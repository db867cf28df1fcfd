// How long the wall clock waits before an event that came `gapMs` after the previous one.
// The gap is divided by the speed, then capped at the idle limit: the cap is wall time, so "play at speed 4 with
// idle limit 1 s" turns a 30 s pause into 1 s (asciinema caps the recorded gap first, which would give 0.25 s).
export function wallDelay(gapMs: number, speed: number, idleLimitMs?: number): number {
  const scaled = Math.max(0, gapMs) / speed;
  return idleLimitMs === undefined ? scaled : Math.min(scaled, idleLimitMs);
}
