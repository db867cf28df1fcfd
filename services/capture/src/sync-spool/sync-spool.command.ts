import { Command } from 'commander';
import { colorsFor } from '../cli/colors';
import { CommandRegistrar } from '../cli/program';
import { resolveSink } from '../deliver-events/resolve-sink';
import { spoolDir } from '../spool/spool-paths';
import { syncSpooledSessions, SyncedSession } from './sync-spool.handler';

const pc = colorsFor(process.stdout);

interface SyncFlags {
  server?: string;
  bus?: string;
}

export const registerSyncSpool: CommandRegistrar = (program: Command) => {
  program
    .command('sync')
    .description(
      'Send the sessions recorded while Backtrack was unreachable (kept in the local spool)',
    )
    .option(
      '--server <url>',
      'Backtrack server to send to (default: BACKTRACK_URL or the saved login)',
    )
    .option('--bus <url>', 'publish straight to a broker instead: amqp://… or kafka://host:port')
    .action(async (flags: SyncFlags) => {
      if (flags.server && flags.bus) throw new Error('pass either --server or --bus, not both');
      const sink = resolveSink(flags);
      if (!sink)
        throw new Error(
          'nowhere to send: pass --server URL or --bus URL, set BACKTRACK_URL, or run backtrack login',
        );
      try {
        const results = await syncSpooledSessions(sink, { dir: spoolDir() });
        for (const line of describe(results)) process.stdout.write(`${line}\n`);
        process.exitCode = results.some((result) => result.error) ? 1 : 0;
      } finally {
        await sink.close();
      }
    });
};

function describe(results: SyncedSession[]): string[] {
  if (results.length === 0) return ['nothing to send: the spool is empty'];
  return results.map((result) => {
    if (result.busy) return `${pc.yellow('skipped')} ${result.sessionId}: still being recorded`;
    if (result.error)
      return `${pc.red('failed')}  ${result.sessionId}: ${result.batches} batches sent, then: ${result.error}`;
    return `${pc.green('sent')}    ${result.sessionId}: ${result.batches} batches`;
  });
}
