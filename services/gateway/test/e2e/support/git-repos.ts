import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const AUTHOR = {
  GIT_AUTHOR_NAME: 'Ada',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
};

// Real repositories in a temp folder (its real path: the shell reports that as the cwd), made with the git CLI.
export class GitRepos {
  readonly root = realpathSync(mkdtempSync(join(tmpdir(), 'backtrack-e2e-git-')));

  // A repository with one commit on `branch`, holding sub/notes.txt.
  create(name: string, branch: string): string {
    const dir = join(this.root, name);
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'notes.txt'), 'notes\n');
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, env: { ...process.env, ...AUTHOR } });
    git('init', '-q', '-b', branch);
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    return dir;
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
