#!/usr/bin/env node
import 'reflect-metadata';
import { configFromEnv } from '@backtrack/projection';
import { parseCommandLine, USAGE } from './cli/command-line';
import { deadLetters, migrate, rebuild, run } from './cli/projector-cli';

async function main(args: string[]): Promise<void> {
  const commandLine = parseCommandLine(args);
  const print = (line: string) => console.log(line);
  if (commandLine.command === 'help') return print(USAGE);
  const config = configFromEnv(process.env);
  switch (commandLine.command) {
    case 'run':
      return run(config, print);
    case 'migrate':
      return migrate(config, print);
    case 'rebuild':
      return rebuild(config, commandLine.chunkSize, print);
    case 'dead-letters':
      return deadLetters(config, commandLine, print);
  }
}

main(process.argv.slice(2)).then(
  // A Kafka or RabbitMQ client may keep a timer alive after close; the work is done.
  () => process.exit(0),
  (error: Error) => {
    console.error(`backtrack-projector: ${error.message}`);
    process.exit(1);
  },
);
