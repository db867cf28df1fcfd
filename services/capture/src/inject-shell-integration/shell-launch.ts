import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { bashIntegration } from './bash-integration';
import { zshIntegrationFiles } from './zsh-integration';

export interface ShellLaunch {
  file: string;
  args: string[];
  env: Record<string, string>;
  // Whether the shell will print command marks.
  integrated: boolean;
  cleanup(): void;
}

export interface ShellLaunchRequest {
  shell: string;
  nonce: string;
  integrate: boolean;
  env: Record<string, string | undefined>;
}

// How to start an interactive shell so it reports prompts and commands, without touching the user's rc files.
export function prepareShellLaunch(request: ShellLaunchRequest): ShellLaunch {
  const kind = basename(request.shell).replace(/^-/, '');
  if (!request.integrate || (kind !== 'bash' && kind !== 'zsh')) {
    return { file: request.shell, args: [], env: {}, integrated: false, cleanup: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'backtrack-shell-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  if (kind === 'bash') {
    const rcFile = join(dir, 'bashrc');
    writeFileSync(rcFile, bashIntegration(request.nonce), { mode: 0o600 });
    return {
      file: request.shell,
      args: ['--rcfile', rcFile, '-i'],
      env: {},
      integrated: true,
      cleanup,
    };
  }
  for (const [name, content] of Object.entries(zshIntegrationFiles(request.nonce, dir))) {
    writeFileSync(join(dir, name), content, { mode: 0o600 });
  }
  const userZdotdir = request.env['ZDOTDIR'] ?? request.env['HOME'] ?? '';
  return {
    file: request.shell,
    args: ['-i'],
    env: { ZDOTDIR: dir, BACKTRACK_USER_ZDOTDIR: userZdotdir },
    integrated: true,
    cleanup,
  };
}
