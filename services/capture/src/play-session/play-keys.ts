export type PlayKey = 'pause-or-resume' | 'faster' | 'slower' | 'next-command' | 'quit';

// docs/replay-protocol.md: 0 < speed <= 64. Halving stops at 1/64 so a speed is always a power of two away from 1x.
export const MAX_SPEED = 64;
export const MIN_SPEED = 1 / 64;

const KEYS: Record<string, PlayKey> = {
  ' ': 'pause-or-resume',
  '+': 'faster',
  '=': 'faster', // + without shift
  '>': 'faster',
  '-': 'slower',
  '<': 'slower',
  n: 'next-command',
  N: 'next-command',
  q: 'quit',
  Q: 'quit',
  '\x03': 'quit', // Ctrl-C in raw mode
};

export function playKey(key: string): PlayKey | undefined {
  return KEYS[key];
}

// ×2 or ÷2 within the protocol's bounds.
export function nextSpeed(speed: number, key: 'faster' | 'slower'): number {
  return key === 'faster' ? Math.min(speed * 2, MAX_SPEED) : Math.max(speed / 2, MIN_SPEED);
}
