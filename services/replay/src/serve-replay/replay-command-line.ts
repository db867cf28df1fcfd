export const REPLAY_USAGE = `usage: backtrack-replay [--help]

Serves the replay WebSockets (follow and play, docs/replay-protocol.md) until SIGTERM or SIGINT.
Point the gateway at it with BACKTRACK_REPLAY_URL=http://host:port; clients then need only the gateway.

environment:
  DATABASE_URL              postgres://user:password@host:5432/database (required)
  BACKTRACK_BUS             the broker the services share: amqp://user:password@host:5672 or kafka://host:9092[,host:9092]
  BACKTRACK_BUS_NAMESPACE   prefix of queues and topics (default backtrack)
  PORT                      port to listen on (default 7071; 0: any free one)
  HOST                      address to listen on (default 127.0.0.1)
  REPLAY_INSTANCE_ID        names this instance's bus subscription, replay-<id> (default: the host name)`;

// The process takes its settings from the environment; the command line only asks for help.
export function wantsHelp(args: string[]): boolean {
  const [first, ...rest] = args;
  if (first === undefined) return false;
  if ((first === '--help' || first === '-h' || first === 'help') && rest.length === 0) return true;
  throw new Error(
    `unexpected ${args.join(' ')}: settings come from the environment\n\n${REPLAY_USAGE}`,
  );
}
