import { Step } from './share-test-context';

// A session in which a test fails at 23:22 and a push happens at 41:05: the moment worth a link.
export const FAILING_LOGIN: Step[] = [
  { at: '0:01', output: 'noise from before the clear\r\n' },
  { at: '0:02', output: '\x1b[2J\x1b[H$ npm test\r\n' },
  { at: '0:05', output: 'running 1/3\rrunning 2/3\rrunning 3/3\r\n' },
  {
    at: '23:21',
    event: {
      type: 'runtime.paused',
      payload: {
        reason: 'exception',
        frames: [
          {
            function: 'handleLogin',
            file: 'src/login.ts',
            line: 42,
            scopes: [{ name: 'Local', variables: [{ name: 'status', value: '500' }] }],
          },
        ],
      },
    },
  },
  { at: '23:22', output: '\x1b[31mFAIL\x1b[0m login.spec.ts: expected 200, got 500\r\n$ ' },
  { at: '23:22.6', output: 'git stash\r\n' },
  { at: '41:05', output: 'LATER: pushed to origin\r\n' },
];

export const FAILING_LOGIN_END = '41:05';
export const MOMENT_TEXT = 'FAIL';
export const MOMENT_OFFSET_MS = (23 * 60 + 22) * 1000;

// The screen at the moment: the clear wiped the noise, \r overwrote the progress, colours are not text.
export const SCREEN_AT_MOMENT = [
  '$ npm test',
  'running 3/3',
  'FAIL login.spec.ts: expected 200, got 500',
  '$',
].join('\n');
