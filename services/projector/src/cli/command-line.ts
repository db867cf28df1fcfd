import { DeadLetterSource } from '@backtrack/store';

export type ProjectorCommandLine =
  | { command: 'run' }
  | { command: 'migrate' }
  | { command: 'rebuild'; chunkSize: number }
  | { command: 'dead-letters'; limit: number; json: boolean; source?: DeadLetterSource }
  | { command: 'help' };

export const USAGE = `usage: backtrack-projector [command]

commands:
  run                       apply pending migrations, then project batches from the bus (default)
  migrate                   apply pending migrations and exit
  rebuild [--chunk N]       rebuild sessions, commands and activity from the event store (N events per step, default 5000)
  dead-letters [--limit N] [--json] [--source bus|projector]
                            show what the projector could not apply, newest first (default 20)

environment:
  DATABASE_URL              postgres://user:password@host:5432/database (required)
  BACKTRACK_BUS             for run: the broker the services share, amqp://user:password@host:5672 or kafka://host:9092[,host:9092]
  BACKTRACK_BUS_NAMESPACE   prefix of queues and topics (default backtrack)`;

export function parseCommandLine(args: string[]): ProjectorCommandLine {
  const [command = 'run', ...rest] = args;
  const flags = new Flags(command, rest);
  switch (command) {
    case 'run':
    case 'migrate':
      flags.done();
      return { command };
    case 'rebuild': {
      const chunkSize = flags.positiveInteger('--chunk') ?? 5000;
      flags.done();
      return { command, chunkSize };
    }
    case 'dead-letters': {
      const limit = flags.positiveInteger('--limit') ?? 20;
      const json = flags.boolean('--json');
      const source = flags.value('--source');
      if (source !== undefined && source !== 'bus' && source !== 'projector') {
        throw new Error(`--source must be bus or projector (got "${source}")`);
      }
      flags.done();
      return { command, limit, json, ...(source ? { source } : {}) };
    }
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help' };
    default:
      throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  }
}

class Flags {
  constructor(
    private readonly command: string,
    private readonly rest: string[],
  ) {}

  boolean(name: string): boolean {
    const index = this.rest.indexOf(name);
    if (index < 0) return false;
    this.rest.splice(index, 1);
    return true;
  }

  value(name: string): string | undefined {
    const index = this.rest.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
    if (index < 0) return undefined;
    const arg = this.rest[index]!;
    if (arg.includes('=')) {
      this.rest.splice(index, 1);
      return arg.slice(name.length + 1);
    }
    const value = this.rest[index + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
    this.rest.splice(index, 2);
    return value;
  }

  positiveInteger(name: string): number | undefined {
    const value = this.value(name);
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1)
      throw new Error(`${name} must be a positive integer (got "${value}")`);
    return number;
  }

  done(): void {
    if (this.rest.length > 0)
      throw new Error(`${this.command}: unexpected ${this.rest.join(' ')}\n\n${USAGE}`);
  }
}
