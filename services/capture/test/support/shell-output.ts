import { escapeShellIntegrationValue } from '../../src/parse-shell-integration/command-line-escaping';

// The bytes the injected bash/zsh scripts print around prompts and commands.
export function shellOutput(nonce: string) {
  return {
    prompt: (cwd: string, text = '$ ') =>
      `\x1b]633;P;Cwd=${escapeShellIntegrationValue(cwd)}\x07\x1b]633;A\x07\x1b]133;A\x07${text}\x1b]133;B\x07\x1b]633;B\x07`,
    commandStart: (line: string, usingNonce = nonce) =>
      `\x1b]633;E;${escapeShellIntegrationValue(line)};${usingNonce}\x07\x1b]633;C\x07\x1b]133;C\x07`,
    commandEnd: (exitCode: number) => `\x1b]633;D;${exitCode}\x07\x1b]133;D;${exitCode}\x07`,
  };
}
