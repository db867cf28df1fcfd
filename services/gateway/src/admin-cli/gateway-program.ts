import { Command } from 'commander';
import { createTeam } from '../create-team/create-team';
import { createToken } from '../create-token/create-token';
import { createUser } from '../create-user/create-user';
import { revokeToken } from '../revoke-token/revoke-token';
import { LocalServerFlags, localServerOptions } from '../start-local-server/local-server-options';
import { runLocalServer } from '../start-local-server/run-local-server';
import { serveGateway } from './serve-gateway';
import { withDatabase } from './with-database';

export interface ProgramIo {
  // What scripts capture (ids, the token); explanations go to `note`.
  out: (line: string) => void;
  note: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const processIo: ProgramIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  note: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

// `backtrack-gateway`: run the gateway, and manage teams, users and tokens in DATABASE_URL.
export function gatewayProgram(io: ProgramIo = processIo): Command {
  const program = new Command('backtrack-gateway')
    .description(
      'The Backtrack gateway (REST API, ingest) and its account administration. Admin commands use DATABASE_URL, else the embedded database of `start` (--data).',
    )
    .showHelpAfterError()
    .exitOverride();
  // Without DATABASE_URL, the embedded database of `start` (running or not) in --data.
  const db = <T>(options: { data?: string }, work: Parameters<typeof withDatabase<T>>[1]) =>
    withDatabase(
      {
        databaseUrl: io.env['DATABASE_URL'],
        dataDir: localServerOptions({ data: options.data }, io.env).dataDir,
      },
      work,
    );
  const admin = (name: string) =>
    program
      .command(name)
      .option(
        '--data <dir>',
        'the embedded data folder, when DATABASE_URL is not set (default: $BACKTRACK_HOME/data, else ~/.backtrack/data)',
      );

  program
    .command('serve')
    .description(
      'Run the gateway: DATABASE_URL, BACKTRACK_BUS (amqp://… or kafka://…, the broker the projector and replay consume), BACKTRACK_BUS_NAMESPACE, PORT (7070), HOST (127.0.0.1), BACKTRACK_REPLAY_URL (the replay service, http://host:port, that follow and play are forwarded to).',
    )
    .action(async () => {
      await serveGateway(io.env, io.note);
    });

  program
    .command('start')
    .description(
      'Run all of Backtrack in this process, nothing to install: embedded Postgres in --data, an in-process bus, the projector, and the gateway with replay. The first start makes a user and logs the backtrack CLI in.',
    )
    .option('--data <dir>', 'data folder (default: $BACKTRACK_HOME/data, else ~/.backtrack/data)')
    .option('--port <port>', 'port to listen on (0: any free one)', '7070')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (flags: LocalServerFlags) => {
      await runLocalServer(flags, io);
    });

  admin('create-team')
    .argument('<name>', 'team name')
    .description('Create a team; prints its id.')
    .action(async (name: string, options: { data?: string }) => {
      const team = await db(options, (d) => createTeam(d, name));
      io.note(`created team ${team.name}`);
      io.out(team.id);
    });

  admin('create-user')
    .argument('<name>', 'user name, as capture agents report it in actor.user')
    .requiredOption('--team <team>', 'team name or id')
    .description('Create a user in a team.')
    .action(async (name: string, options: { team: string; data?: string }) => {
      const { user, team } = await db(options, (d) => createUser(d, name, options.team));
      io.note(`created user ${user} in team ${team.name}`);
      io.out(user);
    });

  admin('create-token')
    .argument('<user>', 'user name')
    .option('--label <label>', 'what the token is for, e.g. "laptop"', '')
    .description('Create an API token; prints it once (only its hash is kept).')
    .action(async (user: string, options: { label: string; data?: string }) => {
      const token = await db(options, (d) => createToken(d, user, options.label));
      io.note(
        `token ${token.id} for ${token.user}${token.label ? ` (${token.label})` : ''}; shown once, store it now:`,
      );
      io.out(token.token);
    });

  admin('revoke-token')
    .argument('<id>', 'token id, as printed by create-token or GET /api/v1/me')
    .description('Revoke a token: requests with it are refused from now on.')
    .action(async (id: string, options: { data?: string }) => {
      const revoked = await db(options, (d) => revokeToken(d, id));
      io.note(`revoked token ${revoked.id} of ${revoked.user}`);
      io.out(revoked.id);
    });

  return program;
}
