import { Command } from 'commander';
import { loadCliConfig, saveCliConfig } from '../config/cli-config';
import { Me } from '../gateway-client/answers';
import { AnswerOutput, terminalOutput } from '../gateway-client/answer-output';
import { GatewayClient } from '../gateway-client/gateway-client';

interface LoginOptions {
  server?: string;
  token?: string;
}

// `backtrack login`: checks the token against the server before saving it, so a typo never gets stored.
export function registerLoginCommand(
  program: Command,
  output: () => AnswerOutput = terminalOutput,
): void {
  program
    .command('login')
    .description(
      'Check a server and token, and save them for the other commands (in $BACKTRACK_HOME/config.json).',
    )
    .option(
      '--server <url>',
      'the Backtrack gateway, e.g. http://127.0.0.1:7070 (or BACKTRACK_URL)',
    )
    .option('--token <token>', 'an API token from your admin: bt_… (or BACKTRACK_TOKEN)')
    .action(async (options: LoginOptions) => {
      const out = output();
      const current = loadCliConfig({
        ...(options.server ? { server: options.server } : {}),
        ...(options.token ? { token: options.token } : {}),
      });
      if (!current.server)
        throw new Error(
          'which server? pass --server URL (e.g. http://127.0.0.1:7070) or set BACKTRACK_URL',
        );
      if (!current.token)
        throw new Error(
          'which token? pass --token bt_… (your admin makes one with `backtrack-gateway create-token`)',
        );
      assertHttpUrl(current.server);
      const me = await new GatewayClient(current.server, current.token).get<Me>('/api/v1/me');
      const path = saveCliConfig({
        server: current.server,
        token: current.token,
        user: me.user,
        ...(current.bus ? { bus: current.bus } : {}),
      });
      out.line(`Logged in to ${current.server} as ${me.user} (team ${me.team.name}).`);
      out.note(`saved to ${path}`);
    });
}

function assertHttpUrl(server: string): void {
  let url: URL | undefined;
  try {
    url = new URL(server);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol))
    throw new Error(
      `--server must be an http(s) URL such as http://127.0.0.1:7070 (got "${server}")`,
    );
}
