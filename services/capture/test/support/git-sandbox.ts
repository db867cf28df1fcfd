import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Real repositories in a temp folder, made with the git CLI, for specs that read git state.
export class GitSandbox {
  readonly root = realpathSync(mkdtempSync(join(tmpdir(), 'backtrack-git-')));

  git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Ada',
        GIT_AUTHOR_EMAIL: 'ada@example.com',
        GIT_COMMITTER_NAME: 'Ada',
        GIT_COMMITTER_EMAIL: 'ada@example.com',
      },
    }).trim();
  }

  // A repository with one commit on `branch`.
  repo(name: string, branch = 'main'): string {
    const dir = join(this.root, name);
    mkdirSync(dir, { recursive: true });
    this.git(dir, 'init', '-q', '-b', branch);
    this.commit(dir, 'first');
    return dir;
  }

  commit(dir: string, message: string): string {
    writeFileSync(join(dir, `${message}.txt`), message);
    this.git(dir, 'add', '.');
    this.git(dir, 'commit', '-q', '-m', message);
    return this.head(dir);
  }

  head(dir: string): string {
    return this.git(dir, 'rev-parse', 'HEAD');
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
