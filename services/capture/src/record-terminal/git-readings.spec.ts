import { shellOutput } from '../../test/support/shell-output';
import { GitState } from '../read-git-state/git-state.reader';
import { gitAsRead, GitReadingsAtMarks } from './git-readings';

const NONCE = '00112233';
const shell = shellOutput(NONCE);

// A fake git whose branch the spec moves, and which counts how often it is read.
class ReadingsContext {
  branch = 'main';
  readonly reads: string[] = [];
  readonly readings = new GitReadingsAtMarks(NONCE, (cwd) => this.read(cwd));
  private clock = 1_000;

  printed(text: string, at = (this.clock += 1)) {
    return this.readings.printed(Buffer.from(text), at);
  }

  private read(cwd: string): GitState {
    this.reads.push(cwd);
    return { repo: cwd, branch: this.branch, commit: undefined, topLevel: cwd };
  }
}

describe('GitReadingsAtMarks', () => {
  it('reads nothing for output without shell marks', () => {
    const ctx = new ReadingsContext();
    ctx.readings.start('/repo', 1);
    for (let i = 0; i < 1000; i++)
      expect(ctx.printed(`\x1b[32mline ${i}\x1b[0m\r\n`)).toBeUndefined();
    expect(ctx.reads).toEqual(['/repo']);
  });

  it('reads the directory the shell was in and each one a chunk reports, at the moment the chunk is printed', () => {
    const ctx = new ReadingsContext();
    ctx.readings.start('/repo', 1);
    ctx.branch = 'feat/y';
    const readings = ctx.printed(shell.commandEnd(0) + shell.prompt('/other'));
    expect(readings?.map(({ cwd, state }) => [cwd, state?.branch])).toEqual([
      ['/repo', 'feat/y'],
      ['/other', 'feat/y'],
    ]);
    expect(ctx.readings.current(10_000)).toEqual([
      { cwd: '/other', state: expect.objectContaining({ repo: '/other' }) },
    ]);
  });

  it('reads a directory once per millisecond however many marks go by in it', () => {
    const ctx = new ReadingsContext();
    ctx.readings.start('/repo', 1);
    for (let i = 0; i < 100; i++) ctx.printed(shell.prompt('/repo'), 5);
    ctx.printed(shell.prompt('/repo'), 6);
    expect(ctx.reads).toEqual(['/repo', '/repo', '/repo']);
  });
});

describe('gitAsRead', () => {
  const state = (branch: string): GitState => ({
    repo: 'r',
    branch,
    commit: undefined,
    topLevel: '/r',
  });

  it('answers from the readings, and reads now only a directory they lack', () => {
    const git = gitAsRead([{ cwd: '/r', state: state('then') }], () => state('now'));
    expect([git('/r')?.branch, git('/elsewhere')?.branch]).toEqual(['then', 'now']);
  });
});
