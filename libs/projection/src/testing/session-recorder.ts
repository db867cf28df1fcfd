import { AnyEvent, Context, createEvent, EventType, PayloadInput } from '@backtrack/events';
import { uniqueName } from '@backtrack/testing';

export interface RecorderOptions {
  user?: string;
  host?: string;
  context?: Context;
  startAt?: number;
  // Milliseconds between consecutive events.
  step?: number;
}

// Writes a session the way a capture agent would: consecutive seqs, advancing time, the current git context.
export class SessionRecorder {
  readonly sessionId = uniqueName('session');
  readonly events: AnyEvent[] = [];
  private seq = 0;
  private at: number;
  private context: Context | undefined;
  private commands = 0;

  constructor(private readonly options: RecorderOptions = {}) {
    this.at = options.startAt ?? Date.UTC(2025, 0, 7, 9, 0, 0);
    this.context = options.context;
  }

  get lastSeq(): number {
    return this.seq;
  }

  add<T extends EventType>(type: T, payload: PayloadInput<T>): AnyEvent {
    this.seq += 1;
    this.at += this.options.step ?? 1000;
    const event = createEvent({
      sessionId: this.sessionId,
      seq: this.seq,
      type,
      payload,
      actor: { user: this.options.user ?? 'ada', host: this.options.host ?? 'ada-laptop' },
      ...(this.context ? { context: this.context } : {}),
      at: this.at,
    });
    this.events.push(event);
    return event;
  }

  start(payload: Partial<PayloadInput<'session.started'>> = {}): this {
    this.add('session.started', {
      source: 'terminal',
      cols: 80,
      rows: 24,
      shell: 'bash',
      agent: { name: 'test', version: '0' },
      ...payload,
    });
    return this;
  }

  output(data: string): this {
    this.add('terminal.output', { data });
    return this;
  }

  // A whole command: started, its output (one event per piece), finished.
  command(
    commandLine: string,
    options: {
      exitCode?: number | null;
      cwd?: string;
      output?: string[];
      durationMs?: number;
    } = {},
  ): this {
    const commandId = `c${++this.commands}`;
    this.add('terminal.command.started', {
      commandId,
      commandLine,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    for (const piece of options.output ?? []) this.output(piece);
    this.add('terminal.command.finished', {
      commandId,
      exitCode: options.exitCode === undefined ? 0 : options.exitCode,
      durationMs: options.durationMs ?? 1000 * ((options.output?.length ?? 0) + 1),
    });
    return this;
  }

  checkout(branch: string, commit = 'a1b2c3d4e5f6'): this {
    const previousBranch = this.context?.branch ?? null;
    this.context = { ...this.context, branch, commit };
    this.add('git.head.changed', { branch, commit, previousBranch });
    return this;
  }

  note(text: string): this {
    this.add('note.added', { text });
    return this;
  }

  end(exitCode: number | null = 0): this {
    this.add('session.ended', { exitCode, reason: 'exited' });
    return this;
  }

  // Bytes of terminal output recorded, as UTF-8: what sessions.bytes must say.
  outputBytes(): number {
    let bytes = 0;
    for (const e of this.events)
      if (e.type === 'terminal.output') bytes += Buffer.byteLength(e.payload.data);
    return bytes;
  }

  // The recorded events cut into batches of at most `size`, as a capture agent would flush them.
  batches(size = 100): AnyEvent[][] {
    const batches: AnyEvent[][] = [];
    for (let i = 0; i < this.events.length; i += size) batches.push(this.events.slice(i, i + size));
    return batches;
  }
}
