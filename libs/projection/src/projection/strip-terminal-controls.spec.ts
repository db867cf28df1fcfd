import { stripTerminalControls } from './strip-terminal-controls';

describe('stripTerminalControls', () => {
  it('remove colours and cursor movement (CSI), keeping the text', () => {
    expect(stripTerminalControls('\x1b[1;31mFAIL\x1b[0m src/login.spec.ts\x1b[K')).toBe(
      'FAIL src/login.spec.ts',
    );
  });

  it('remove shell-integration and title sequences (OSC) ended by BEL or ST', () => {
    const line =
      '\x1b]133;C\x07\x1b]633;E;npm test;nonce\x1b\\\x1b]0;~/app\x07done\x1b]133;D;0\x07';
    expect(stripTerminalControls(line)).toBe('done');
  });

  it('remove charset and keypad escapes and DCS strings', () => {
    expect(stripTerminalControls('\x1b(Ba\x1b=b\x1bPq#0;2;0;0;0\x1b\\c')).toBe('abc');
  });

  it('turn CR LF and a lone CR into a newline and drop other control characters', () => {
    expect(stripTerminalControls('one\r\ntwo\rthree\x07\x08\x00\tfour\n')).toBe(
      'one\ntwo\nthree\tfour\n',
    );
  });

  it('drop a sequence the event cut off instead of showing half of it', () => {
    expect(stripTerminalControls('text\x1b[38;5')).toBe('text');
    expect(stripTerminalControls('text\x1b]0;title wi')).toBe('text');
    expect(stripTerminalControls('text\x1b')).toBe('text');
  });

  it('keep text that only looks like an escape', () => {
    expect(stripTerminalControls('[31m is not a colour; ü ✓ 🎉')).toBe(
      '[31m is not a colour; ü ✓ 🎉',
    );
  });
});
