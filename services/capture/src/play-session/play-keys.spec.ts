import { nextSpeed, playKey } from './play-keys';

describe('keys during playback', () => {
  it('maps space, + and -, > and <, n and q to their controls, and nothing else', () => {
    expect([' ', '+', '>', '-', '<', 'n', 'q', '\x03', 'x'].map(playKey)).toEqual([
      'pause-or-resume',
      'faster',
      'faster',
      'slower',
      'slower',
      'next-command',
      'quit',
      'quit',
      undefined,
    ]);
  });

  it('doubles and halves the speed, within 1/64x and 64x', () => {
    expect(nextSpeed(4, 'faster')).toBe(8);
    expect(nextSpeed(4, 'slower')).toBe(2);
    expect(nextSpeed(48, 'faster')).toBe(64);
    expect(nextSpeed(64, 'faster')).toBe(64);
    expect(nextSpeed(1 / 64, 'slower')).toBe(1 / 64);
  });
});
