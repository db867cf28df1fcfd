import { Actor, AnyEvent, Context, createEvent, EventType, PayloadInput } from '@backtrack/events';
import { DEFAULT_COALESCING, CoalescerOptions } from '../coalesce-output/output-coalescer';
import { RedactedStream } from '../coalesce-output/redacted-stream';
import { ShellIntegrationParser } from '../parse-shell-integration/shell-integration.parser';
import { GitState } from '../read-git-state/git-state.reader';
import { CommandChange, CommandTracker } from '../track-commands/command-tracker';
import { GitLookup } from './git-readings';
import { Redaction } from './redaction';

export const AGENT = { name: 'backtrack-record', version: '0.1.0' };

export interface RecorderDeps {
  sessionId: string;
  actor: Actor;
  // Proves OSC 633 command lines came from the injected shell script.
  nonce: string;
  emit: (event: AnyEvent) => void;
  // Git as it is now: for callers that feed events as they happen and pass no reading of their own.
  readGit: GitLookup;
  redaction: Redaction;
  coalescing?: CoalescerOptions;
}

export interface SessionStart {
  cwd: string;
  cols: number;
  rows: number;
  shell?: string;
  command?: string[];
  title?: string;
  term?: string;
}

// Turns what a terminal session does into events, in order, with the git context in effect for each.
// Knows nothing of PTYs: it is fed output chunks, typed input, resizes and the exit. A caller that feeds them
// late passes `git`: the git state as it was when they happened, which is what their events must carry.
export class SessionRecorder {
  private seq = 0;
  private context: Context = {};
  private git: GitState | undefined;
  private readonly parser: ShellIntegrationParser;
  private readonly tracker = new CommandTracker();
  private readonly output: RedactedStream;
  private readonly input: RedactedStream;

  constructor(private readonly deps: RecorderDeps) {
    this.parser = new ShellIntegrationParser(deps.nonce);
    const coalescing = deps.coalescing ?? DEFAULT_COALESCING;
    this.output = new RedactedStream(
      deps.redaction.createStream(),
      (data, at) => this.record('terminal.output', { data }, at),
      coalescing,
    );
    this.input = new RedactedStream(
      deps.redaction.createStream(),
      (data, at) => this.record('terminal.input', { data }, at),
      coalescing,
    );
  }

  get eventCount(): number {
    return this.seq;
  }

  start(session: SessionStart, at = Date.now(), git = this.deps.readGit): void {
    this.updateGit(git, session.cwd, at, false);
    this.record(
      'session.started',
      {
        source: 'terminal',
        agent: AGENT,
        cols: session.cols,
        rows: session.rows,
        ...(session.shell ? { shell: session.shell } : {}),
        ...(session.command ? { command: session.command } : {}),
        ...(session.title ? { title: session.title } : {}),
        ...(session.term ? { term: session.term } : {}),
      },
      at,
    );
  }

  printed(chunk: string, at = Date.now(), git = this.deps.readGit): void {
    const marks = this.parser.push(chunk);
    let from = 0;
    for (const mark of marks) {
      this.output.add(chunk.slice(from, mark.end), at);
      from = mark.end;
      const change = this.tracker.onMark(mark, at);
      if (change) this.apply(change, at, git);
      // Git is read at each prompt, not when a command starts: by the time a start is seen the command (say
      // `git checkout`) may already have moved HEAD, and nothing moves it between the prompt and the start.
      else if (mark.kind === 'promptStart') this.updateGit(git, this.context.cwd, at, true);
    }
    this.output.add(from === 0 ? chunk : chunk.slice(from), at);
  }

  // Only typed input the caller has checked was echoed (no password prompt) reaches here.
  typed(data: string, at = Date.now()): void {
    this.input.add(data, at);
  }

  resize(cols: number, rows: number, at = Date.now()): void {
    this.output.flush();
    this.record('terminal.resize', { cols, rows }, at);
  }

  end(
    exitCode: number | null,
    reason: 'exited' | 'signal',
    at = Date.now(),
    git = this.deps.readGit,
  ): void {
    const unfinished = this.tracker.endSession(exitCode, at);
    if (unfinished) this.apply(unfinished, at, git);
    this.input.flush();
    this.output.flush();
    this.input.dispose();
    this.output.dispose();
    this.record('session.ended', { exitCode, reason }, at);
  }

  private apply(change: CommandChange, at: number, git: GitLookup): void {
    this.flushText();
    const redact = (line: string) => this.deps.redaction.redactText(line);
    switch (change.kind) {
      case 'started': {
        const { command } = change;
        this.record(
          'terminal.command.started',
          {
            commandId: command.commandId,
            commandLine: redact(command.commandLine),
            ...(command.cwd ? { cwd: command.cwd } : {}),
          },
          at,
        );
        return;
      }
      case 'finished': {
        const { command } = change;
        this.record(
          'terminal.command.finished',
          {
            commandId: command.commandId,
            commandLine: redact(command.commandLine),
            ...(command.cwd ? { cwd: command.cwd } : {}),
            exitCode: change.exitCode,
            durationMs: change.durationMs,
          },
          at,
        );
        // A command such as `git checkout -b` moves HEAD: the next events carry the new branch.
        this.updateGit(git, this.context.cwd, at, true);
        return;
      }
      case 'cwdChanged':
        this.updateGit(git, change.cwd, at, true);
        return;
    }
  }

  private updateGit(git: GitLookup, cwd: string | undefined, at: number, announce: boolean): void {
    const previous = this.git;
    const next = cwd ? git(cwd) : undefined;
    const context: Context = {
      ...(next ? { repo: next.repo } : {}),
      ...(next?.branch ? { branch: next.branch } : {}),
      ...(next?.commit ? { commit: next.commit } : {}),
      ...(cwd ? { cwd } : {}),
    };
    // Text received so far happened in the old context: it becomes events before the context changes.
    if (!sameContext(context, this.context)) this.flushText();
    this.git = next;
    this.context = context;
    const moved =
      previous &&
      next?.commit &&
      (previous.branch !== next.branch || previous.commit !== next.commit);
    if (announce && moved) {
      this.record(
        'git.head.changed',
        {
          branch: next.branch,
          commit: next.commit!,
          previousBranch: previous.branch,
          ...(previous.commit ? { previousCommit: previous.commit } : {}),
        },
        at,
      );
    }
  }

  // Text received before an event must be recorded before it.
  private flushText(): void {
    this.output.flush();
    this.input.flush();
  }

  private record<T extends EventType>(type: T, payload: PayloadInput<T>, at: number): void {
    this.seq += 1;
    const context = Object.keys(this.context).length > 0 ? this.context : undefined;
    this.deps.emit(
      createEvent({
        sessionId: this.deps.sessionId,
        seq: this.seq,
        type,
        payload,
        actor: this.deps.actor,
        at,
        ...(context ? { context } : {}),
      }),
    );
  }
}

function sameContext(a: Context, b: Context): boolean {
  return a.repo === b.repo && a.branch === b.branch && a.commit === b.commit && a.cwd === b.cwd;
}
