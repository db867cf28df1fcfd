import { Actor } from '@backtrack/events';
import { hostname, userInfo } from 'node:os';
import { loadCliConfig } from '../config/cli-config';
import { GatewaySink } from '../deliver-events/gateway-sink';
import { EventSink } from '../deliver-events/event-sink';

// A slow or absent gateway must not hold up the shell: the saved name is used instead.
const ASK_GATEWAY_MS = 2_000;

// Who records: BACKTRACK_USER, else the account the gateway's token belongs to (it refuses events by anyone else),
// else the name `backtrack login` saved, else the login name of this machine.
export async function recordingActor(sink: EventSink | undefined): Promise<Actor> {
  const user =
    process.env['BACKTRACK_USER'] ||
    (sink instanceof GatewaySink ? await sink.accountName(ASK_GATEWAY_MS) : undefined) ||
    loadCliConfig().user ||
    machineUserName() ||
    'unknown';
  return { user, host: hostname() || 'unknown' };
}

function machineUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'];
  }
}
