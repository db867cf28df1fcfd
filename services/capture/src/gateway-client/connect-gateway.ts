import { CliConfig, loadCliConfig } from '../config/cli-config';
import { GatewayClient } from './gateway-client';

export const NOT_LOGGED_IN =
  'no Backtrack server configured: run `backtrack login --server URL --token TOKEN`, or set BACKTRACK_URL and BACKTRACK_TOKEN';

// The client every asking command uses: server and token from flags, env or the file `backtrack login` saved.
export function connectGateway(flags: CliConfig = {}): GatewayClient {
  const config = loadCliConfig(flags);
  if (!config.server) throw new Error(NOT_LOGGED_IN);
  if (!config.token)
    throw new Error(
      `no token for ${config.server}: run \`backtrack login --server ${config.server} --token TOKEN\`, or set BACKTRACK_TOKEN`,
    );
  return new GatewayClient(config.server, config.token);
}
