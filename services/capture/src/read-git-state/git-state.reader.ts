import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { normalizeRemoteUrl } from './remote-url';

export interface GitState {
  // The origin remote URL normalized (`github.com/acme/shop`), or the top-level folder's name when there is no origin.
  repo: string;
  // null: detached HEAD.
  branch: string | null;
  // Absent on a branch with no commit yet.
  commit: string | undefined;
  topLevel: string;
}

interface GitDirs {
  topLevel: string;
  gitDir: string;
  commonDir: string;
}

// Reads .git files directly instead of running git: it is called at every command boundary and must take
// microseconds, not the milliseconds of a process. Handles worktrees, submodules and packed refs.
export function readGitState(cwd: string): GitState | undefined {
  try {
    const dirs = findGitDirs(cwd);
    if (!dirs) return undefined;
    const head = readFileSync(join(dirs.gitDir, 'HEAD'), 'utf8').trim();
    const symbolic = /^ref:\s*(\S+)$/.exec(head);
    const branch = symbolic ? symbolic[1]!.replace(/^refs\/heads\//, '') : null;
    const commit = symbolic ? resolveRef(dirs, symbolic[1]!) : isObjectId(head) ? head : undefined;
    return { repo: repoName(dirs), branch, commit, topLevel: dirs.topLevel };
  } catch {
    return undefined;
  }
}

function findGitDirs(cwd: string): GitDirs | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      const gitDir = statSync(dotGit).isDirectory() ? dotGit : gitDirFromFile(dotGit);
      if (gitDir && existsSync(join(gitDir, 'HEAD')))
        return { topLevel: dir, gitDir, commonDir: commonDirOf(gitDir) };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

// Worktrees and submodules have a `.git` file: `gitdir: <path>`, relative to the folder holding it.
function gitDirFromFile(dotGitFile: string): string | undefined {
  const match = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGitFile, 'utf8'));
  if (!match) return undefined;
  const path = match[1]!.trim();
  return isAbsolute(path) ? path : resolve(dirname(dotGitFile), path);
}

// A linked worktree keeps HEAD to itself but shares refs and config with the main repository.
function commonDirOf(gitDir: string): string {
  const file = join(gitDir, 'commondir');
  if (!existsSync(file)) return gitDir;
  const path = readFileSync(file, 'utf8').trim();
  return isAbsolute(path) ? path : resolve(gitDir, path);
}

function resolveRef(dirs: GitDirs, ref: string): string | undefined {
  for (const dir of [dirs.gitDir, dirs.commonDir]) {
    const loose = join(dir, ref);
    if (existsSync(loose)) {
      const value = readFileSync(loose, 'utf8').trim();
      if (isObjectId(value)) return value;
    }
  }
  const packed = join(dirs.commonDir, 'packed-refs');
  if (!existsSync(packed)) return undefined;
  for (const line of readFileSync(packed, 'utf8').split('\n')) {
    const [id, name] = line.trim().split(/\s+/);
    if (name === ref && id && isObjectId(id)) return id;
  }
  return undefined;
}

function repoName(dirs: GitDirs): string {
  const config = join(dirs.commonDir, 'config');
  const origin = existsSync(config) ? originUrl(readFileSync(config, 'utf8')) : undefined;
  return (origin && normalizeRemoteUrl(origin)) ?? basename(dirs.topLevel);
}

function originUrl(config: string): string | undefined {
  let inOrigin = false;
  for (const raw of config.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inOrigin = /^\[remote\s+"origin"\]$/.test(line);
    else if (inOrigin) {
      const match = /^url\s*=\s*(.+)$/.exec(line);
      if (match) return match[1]!.replace(/^"(.*)"$/, '$1');
    }
  }
  return undefined;
}

function isObjectId(text: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(text);
}
