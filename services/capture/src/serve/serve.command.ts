import { Command } from 'commander';
import { runGatewayStart } from './run-gateway-start';

interface ServeOptions {
  data?: string;
  port?: string;
  host?: string;
}

// `backtrack serve`: all of Backtrack on this machine. The gateway composes it (`backtrack-gateway start`); capture
// may not import the gateway, so this runs the gateway's own command with the same flags.
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'Run Backtrack on this machine, nothing to install (like npm start): embedded database, gateway, projector and replay in one process; the first start logs this CLI in.',
    )
    .option('--data <dir>', 'data folder (default: $BACKTRACK_HOME/data, else ~/.backtrack/data)')
    .option('--port <port>', 'port to listen on, 0 for any free one (default: 7070)')
    .option('--host <host>', 'address to listen on (default: 127.0.0.1)')
    .action(async (options: ServeOptions) => {
      process.exitCode = await runGatewayStart(startArgs(options));
    });
}

export function startArgs(options: ServeOptions): string[] {
  const args: string[] = [];
  if (options.data !== undefined) args.push('--data', options.data);
  if (options.port !== undefined) args.push('--port', options.port);
  if (options.host !== undefined) args.push('--host', options.host);
  return args;
}
