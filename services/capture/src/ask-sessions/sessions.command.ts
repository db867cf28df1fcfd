import { Command } from 'commander';
import { SessionSummary } from '../gateway-client/answers';
import { AnswerOutput, printJsonLines, terminalOutput } from '../gateway-client/answer-output';
import { connectGateway } from '../gateway-client/connect-gateway';
import { fetchPages, parseLimit } from '../gateway-client/paged-query';
import { ACCEPTED_DAYS, parseDay } from '../ask-timeline/parse-day';
import { printSessions } from './print-sessions';

interface SessionsOptions {
  user?: string;
  repo?: string;
  branch?: string;
  on?: string;
  limit: number;
  json?: boolean;
}

// `backtrack sessions`: recorded sessions of the team, newest first.
export function registerSessionsCommand(
  program: Command,
  output: () => AnswerOutput = terminalOutput,
): void {
  program
    .command('sessions')
    .description("Your team's recorded sessions, newest first.")
    .option('--user <user>', 'only this user (of your team)')
    .option('--repo <repo>', 'only this repository')
    .option('--branch <branch>', 'only sessions that were on this branch')
    .option(
      '--on <day>',
      `only sessions active that day or week: ${ACCEPTED_DAYS.map((d) => d.split(':')[0]).join(', ')}`,
    )
    .option('--limit <n>', 'at most N sessions', parseLimit, 50)
    .option('--json', 'one JSON object per line (the API sessions) instead of a table')
    .action(async (options: SessionsOptions) => {
      const out = output();
      const range = options.on
        ? parseDay(options.on, { now: out.now, timeZone: out.timeZone })
        : undefined;
      const { items, more } = await fetchPages<SessionSummary>(
        connectGateway(),
        '/api/v1/sessions',
        {
          user: options.user,
          repo: options.repo,
          branch: options.branch,
          since: range && new Date(range.start).toISOString(),
          until: range && new Date(range.end).toISOString(),
        },
        options.limit,
        500,
      );
      if (options.json) printJsonLines(out, items);
      else printSessions(out, items);
      if (more) out.note(`(stopped at ${options.limit} sessions; raise --limit for more)`);
    });
}
