import { expectEventually } from '@backtrack/testing';
import { toAsciicastV2 } from '../src';
import { PLAYED, PlayerTerminal } from './support/player-terminal';
import { RecordedSession } from './support/recorded-session';

const PROMPT = '\u001b[1;32mada@laptop\u001b[0m:~/api$ ';

// A session as `backtrack record` captures it: typed keys, echoed command, coloured output, a progress line redrawn.
function recordedSession(): RecordedSession {
  return RecordedSession.started({ shell: '/bin/bash', term: 'xterm-256color', title: 'npm test' })
    .wait(120)
    .output(PROMPT)
    .wait(800)
    .input('npm test\r')
    .wait(5)
    .output('npm test\r\n')
    .command(
      'npm test',
      '\u001b[32mPASS\u001b[0m src/login.spec.ts ✓ 12 tests\r\n日本語 ok 🚀\r\nprogress 10%',
      0,
      600,
    )
    .wait(400)
    .output('\rprogress 100%\r\n')
    .wait(2500)
    .resize(100, 30)
    .output(PROMPT)
    .wait(300)
    .end(0);
}

describe('a Backtrack session exported to asciicast v2, played by the real `asciinema play`', () => {
  const terminal = new PlayerTerminal();
  afterAll(() => terminal.close());

  it('shows the recorded screen: the terminal ran the escape sequences and unicode', async () => {
    PlayerTerminal.assertInstalled();
    terminal.play(toAsciicastV2(recordedSession().events, { idleTimeLimit: 1 }));
    const screen = await expectEventually(() => {
      const text = terminal.screen();
      expect(text).toContain(PLAYED);
      return text;
    });
    expect(screen.split('\n').map((line) => line.trimEnd())).toEqual([
      'ada@laptop:~/api$ npm test',
      'PASS src/login.spec.ts ✓ 12 tests',
      '日本語 ok 🚀',
      'progress 100%',
      'ada@laptop:~/api$',
      PLAYED,
    ]);
  });
});
