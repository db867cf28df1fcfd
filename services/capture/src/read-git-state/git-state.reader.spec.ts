import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GitSandbox } from '../../test/support/git-sandbox';
import { readGitState } from './git-state.reader';
import { normalizeRemoteUrl } from './remote-url';

describe('readGitState', () => {
  const sandbox = new GitSandbox();
  afterAll(() => sandbox.cleanup());

  it('reads branch and commit from a sub-folder, naming the repo after its top-level folder without an origin', () => {
    const repo = sandbox.repo('shop', 'feat/x');
    mkdirSync(join(repo, 'src', 'deep'), { recursive: true });
    expect(readGitState(join(repo, 'src', 'deep'))).toEqual({
      repo: 'shop',
      branch: 'feat/x',
      commit: sandbox.head(repo),
      topLevel: repo,
    });
  });

  it('names the repo after its normalized origin URL', () => {
    const repo = sandbox.repo('with-origin');
    sandbox.git(repo, 'remote', 'add', 'origin', 'git@github.com:acme/shop.git');
    expect(readGitState(repo)?.repo).toBe('github.com/acme/shop');
  });

  it('follows branch switches and new commits', () => {
    const repo = sandbox.repo('switching');
    sandbox.git(repo, 'checkout', '-q', '-b', 'feat/y');
    const commit = sandbox.commit(repo, 'second');
    expect(readGitState(repo)).toMatchObject({ branch: 'feat/y', commit });
  });

  it('resolves packed refs', () => {
    const repo = sandbox.repo('packed');
    sandbox.git(repo, 'pack-refs', '--all');
    expect(readGitState(repo)).toMatchObject({ branch: 'main', commit: sandbox.head(repo) });
  });

  it('reports a detached HEAD as branch null', () => {
    const repo = sandbox.repo('detached');
    const first = sandbox.head(repo);
    sandbox.commit(repo, 'second');
    sandbox.git(repo, 'checkout', '-q', first);
    expect(readGitState(repo)).toMatchObject({ branch: null, commit: first });
  });

  it('reads a linked worktree: its own branch, the shared refs and origin', () => {
    const repo = sandbox.repo('main-tree');
    sandbox.git(repo, 'remote', 'add', 'origin', 'https://gitlab.example.com/team/main-tree.git');
    const tree = join(sandbox.root, 'linked-tree');
    sandbox.git(repo, 'worktree', 'add', '-q', '-b', 'hotfix', tree);
    const commit = sandbox.commit(tree, 'fix');
    expect(readGitState(tree)).toEqual({
      repo: 'gitlab.example.com/team/main-tree',
      branch: 'hotfix',
      commit,
      topLevel: tree,
    });
  });

  it('has no commit yet on a fresh repository', () => {
    const dir = join(sandbox.root, 'fresh');
    mkdirSync(dir);
    sandbox.git(dir, 'init', '-q', '-b', 'main');
    expect(readGitState(dir)).toMatchObject({ branch: 'main', commit: undefined });
  });

  it('returns undefined outside a repository', () => {
    expect(readGitState('/')).toBeUndefined();
  });
});

describe('normalizeRemoteUrl', () => {
  it.each([
    ['git@github.com:acme/shop.git', 'github.com/acme/shop'],
    ['https://github.com/acme/shop.git', 'github.com/acme/shop'],
    ['https://user:secret@github.com/acme/shop/', 'github.com/acme/shop'],
    ['ssh://git@git.example.com:2222/team/tool.git', 'git.example.com/team/tool'],
    ['/srv/git/tool.git', '/srv/git/tool'],
  ])('%s → %s', (url, expected) => {
    expect(normalizeRemoteUrl(url)).toBe(expected);
  });
});
