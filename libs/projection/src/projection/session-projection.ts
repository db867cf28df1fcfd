import { AnyEvent, Envelope } from '@backtrack/events';
import { ActivityRow, CommandRow, SessionRow } from '@backtrack/store';
import { activityOf } from './activity-of';
import { appendToExcerpt } from './output-excerpt';
import { stripTerminalControls } from './strip-terminal-controls';

interface TrackedCommand {
  row: CommandRow;
  // Stripped output not yet folded into the excerpt: folded once per batch, not once per event.
  pending: string[];
}

// One session's read-model rows, moved forward event by event in seq order. Starts from the stored rows,
// so a batch and a rebuild chunk go through exactly the same steps.
export class SessionProjection {
  private session: SessionRow | undefined;
  private readonly commands = new Map<string, TrackedCommand>();
  // Unfinished commands, oldest first; output belongs to the newest.
  private open: TrackedCommand[];
  private readonly touched = new Set<TrackedCommand>();
  readonly activity: ActivityRow[] = [];

  constructor(stored: SessionRow | undefined, storedCommands: CommandRow[]) {
    this.session = stored && { ...stored, branches: [...stored.branches] };
    for (const row of storedCommands)
      this.commands.set(row.commandId, { row: { ...row }, pending: [] });
    this.open = [...this.commands.values()]
      .filter((c) => c.row.finishedSeq === null)
      .sort((a, b) => a.row.seq - b.row.seq);
  }

  get lastSeq(): number {
    return this.session?.lastSeq ?? 0;
  }

  apply(event: AnyEvent): void {
    const session = this.sessionFor(event);
    session.lastSeq = Math.max(session.lastSeq, event.seq);
    session.lastAt = Math.max(session.lastAt, event.at);
    if (event.context?.repo && session.repo === null) session.repo = event.context.repo;
    if (event.context?.branch) addBranch(session, event.context.branch);
    const command = this.applyToRows(session, event);
    const activity = activityOf(event, command);
    if (activity) this.activity.push(activity);
  }

  sessionRow(): SessionRow | undefined {
    return this.session;
  }

  changedCommands(): CommandRow[] {
    for (const command of this.touched) this.fold(command);
    return [...this.touched].map((c) => c.row);
  }

  private applyToRows(session: SessionRow, event: AnyEvent): CommandRow | undefined {
    switch (event.type) {
      case 'terminal.output':
        session.bytes += Buffer.byteLength(event.payload.data);
        this.appendOutput(event.payload.data);
        return undefined;
      case 'terminal.command.started':
        session.commandCount++;
        return this.start(event);
      case 'terminal.command.finished':
        return this.finish(session, event);
      case 'session.started': {
        const p = event.payload;
        session.source = p.source;
        session.title = p.title ?? session.title;
        session.cols = p.cols ?? session.cols;
        session.rows = p.rows ?? session.rows;
        session.startedAt = event.at;
        if (session.endedAt !== null) session.durationMs = session.endedAt - session.startedAt;
        return undefined;
      }
      case 'session.ended':
        session.endedAt = event.at;
        session.durationMs = event.at - session.startedAt;
        session.exitCode = event.payload.exitCode;
        return undefined;
      case 'session.titled':
        session.title = event.payload.title;
        return undefined;
      case 'terminal.resize':
        session.cols = event.payload.cols;
        session.rows = event.payload.rows;
        return undefined;
      case 'git.head.changed':
        if (event.payload.branch) addBranch(session, event.payload.branch);
        return undefined;
      default:
        return undefined;
    }
  }

  private appendOutput(data: string): void {
    const target = this.open[this.open.length - 1];
    if (!target) return;
    const text = stripTerminalControls(data);
    if (text === '') return;
    target.pending.push(text);
    this.touched.add(target);
  }

  private start(event: Envelope<'terminal.command.started'>): CommandRow {
    const { commandId, commandLine, cwd } = event.payload;
    const command = this.track(event, commandId, commandLine, cwd);
    this.open = [...this.open.filter((c) => c.row.commandId !== commandId), command];
    return command.row;
  }

  private finish(session: SessionRow, event: Envelope<'terminal.command.finished'>): CommandRow {
    const p = event.payload;
    let command = this.commands.get(p.commandId);
    if (!command) {
      // The start was never seen (recording began mid-command): the finish alone still makes a command.
      session.commandCount++;
      command = this.track(event, p.commandId, p.commandLine ?? '', p.cwd);
      command.row.startedAt = event.at - p.durationMs;
    }
    const row = command.row;
    row.finishedSeq = event.seq;
    row.exitCode = p.exitCode;
    row.durationMs = p.durationMs;
    if (row.commandLine === '' && p.commandLine) row.commandLine = p.commandLine;
    row.cwd = row.cwd ?? p.cwd ?? event.context?.cwd ?? null;
    this.open = this.open.filter((c) => c !== command);
    this.touched.add(command);
    return row;
  }

  private track(
    event: AnyEvent,
    commandId: string,
    commandLine: string,
    cwd: string | undefined,
  ): TrackedCommand {
    const context = event.context;
    const command: TrackedCommand = {
      row: {
        sessionId: event.sessionId,
        commandId,
        seq: event.seq,
        finishedSeq: null,
        userName: event.actor.user,
        commandLine,
        cwd: cwd ?? context?.cwd ?? null,
        repo: context?.repo ?? null,
        branch: context?.branch ?? null,
        commit: context?.commit ?? null,
        exitCode: null,
        startedAt: event.at,
        durationMs: null,
        outputExcerpt: '',
      },
      pending: [],
    };
    this.commands.set(commandId, command);
    this.touched.add(command);
    return command;
  }

  private fold(command: TrackedCommand): void {
    if (command.pending.length === 0) return;
    command.row.outputExcerpt = appendToExcerpt(
      command.row.outputExcerpt,
      command.pending.join(''),
    );
    command.pending = [];
  }

  private sessionFor(event: AnyEvent): SessionRow {
    this.session ??= {
      sessionId: event.sessionId,
      userName: event.actor.user,
      host: event.actor.host,
      source: 'terminal',
      title: null,
      repo: null,
      branches: [],
      startedAt: event.at,
      endedAt: null,
      durationMs: null,
      bytes: 0,
      commandCount: 0,
      exitCode: null,
      cols: null,
      rows: null,
      lastSeq: 0,
      lastAt: event.at,
    };
    return this.session;
  }
}

function addBranch(session: SessionRow, branch: string): void {
  if (!session.branches.includes(branch)) session.branches.push(branch);
}
