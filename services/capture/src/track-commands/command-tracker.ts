import { uuidv7 } from '@backtrack/events';
import { ShellMark } from '../parse-shell-integration/shell-integration.parser';

export interface RunningCommand {
  commandId: string;
  commandLine: string;
  cwd: string | undefined;
  startedAt: number;
}

export type CommandChange =
  | { kind: 'started'; command: RunningCommand }
  | { kind: 'finished'; command: RunningCommand; exitCode: number | null; durationMs: number }
  | { kind: 'cwdChanged'; cwd: string };

// Turns shell marks into command boundaries: a command starts on C only after a nonce-checked E, ends on D.
export class CommandTracker {
  private cwd: string | undefined;
  private pendingCommandLine: string | undefined;
  private running: RunningCommand | undefined;

  get currentCwd(): string | undefined {
    return this.cwd;
  }

  onMark(mark: ShellMark, at: number): CommandChange | undefined {
    switch (mark.kind) {
      case 'commandLine':
        this.pendingCommandLine = mark.commandLine;
        return undefined;
      case 'commandExecuted':
        return this.start(at);
      case 'commandFinished':
        return this.finish(mark.exitCode, at);
      case 'cwd':
        if (mark.cwd === this.cwd) return undefined;
        this.cwd = mark.cwd;
        return { kind: 'cwdChanged', cwd: mark.cwd };
      case 'promptStart':
      case 'promptEnd':
        // A command line typed at this prompt must come after it; an older one is stale.
        if (mark.kind === 'promptEnd') this.pendingCommandLine = undefined;
        return undefined;
    }
  }

  // The session ended while a command ran (typically `exit` itself): it ends with the session's exit code.
  endSession(exitCode: number | null, at: number): CommandChange | undefined {
    return this.finish(exitCode, at);
  }

  private start(at: number): CommandChange | undefined {
    if (this.pendingCommandLine === undefined || this.running) return undefined;
    this.running = {
      commandId: uuidv7(at),
      commandLine: this.pendingCommandLine,
      cwd: this.cwd,
      startedAt: at,
    };
    this.pendingCommandLine = undefined;
    return { kind: 'started', command: this.running };
  }

  private finish(exitCode: number | null, at: number): CommandChange | undefined {
    const command = this.running;
    if (!command) return undefined;
    this.running = undefined;
    return { kind: 'finished', command, exitCode, durationMs: Math.max(0, at - command.startedAt) };
  }
}
