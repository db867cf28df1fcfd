import { AnyEvent, createEvent, EventType, PayloadInput, uuidv7 } from '@backtrack/events';

export const ada = { user: 'ada', host: 'ada-laptop' };

// Builds a session's events as `backtrack record` emits them, with a clock the test moves: wait(ms) then act.
export class RecordedSession {
  readonly sessionId = uuidv7();
  readonly events: AnyEvent[] = [];
  private now: number;
  private commands = 0;

  constructor(readonly startAt = Date.UTC(2026, 10, 17, 9, 0, 0, 250)) {
    this.now = startAt;
  }

  static started(
    payload: Partial<PayloadInput<'session.started'>> = {},
    startAt?: number,
  ): RecordedSession {
    const session = new RecordedSession(startAt);
    return session.add('session.started', {
      source: 'terminal',
      agent: { name: 'backtrack-record', version: '0.1.0' },
      cols: 80,
      rows: 24,
      ...payload,
    });
  }

  wait(ms: number): this {
    this.now += ms;
    return this;
  }

  output(data: string): this {
    return this.add('terminal.output', { data });
  }

  input(data: string): this {
    return this.add('terminal.input', { data });
  }

  resize(cols: number, rows: number): this {
    return this.add('terminal.resize', { cols, rows });
  }

  marker(label: string): this {
    return this.add('terminal.marker', { label });
  }

  // A command as the shell integration reports it: started, its output, finished.
  command(commandLine: string, output: string, exitCode = 0, durationMs = 40): this {
    const commandId = `c${++this.commands}`;
    this.add('terminal.command.started', { commandId, commandLine, cwd: '/home/ada/api' });
    this.wait(durationMs / 2)
      .output(output)
      .wait(durationMs / 2);
    return this.add('terminal.command.finished', { commandId, commandLine, exitCode, durationMs });
  }

  end(exitCode: number | null): this {
    return this.add('session.ended', { exitCode, reason: 'exited' });
  }

  add<T extends EventType>(type: T, payload: PayloadInput<T>): this {
    this.events.push(
      createEvent({
        sessionId: this.sessionId,
        seq: this.events.length + 1,
        type,
        payload,
        actor: ada,
        at: this.now,
      }),
    );
    return this;
  }
}
