import { Command } from 'commander';
import { TimelineEntry } from '../gateway-client/answers';
import { AnswerOutput, printJsonLines, terminalOutput } from '../gateway-client/answer-output';
import { connectGateway } from '../gateway-client/connect-gateway';
import { fetchPages, parseLimit } from '../gateway-client/paged-query';
import { ACCEPTED_DAYS, resolveRange } from './parse-day';
import { printTimeline } from './print-timeline';

interface LogOptions {
  repo?: string;
  branch?: string;
  user?: string;
  on?: string;
  since?: string;
  until?: string;
  limit: number;
  json?: boolean;
}

// `backtrack log`: the timeline of the team's activity, oldest first.
export function registerLogCommand(
  program: Command,
  output: () => AnswerOutput = terminalOutput,
): void {
  program
    .command('log')
    .description(
      'What happened, in time order: commands (with exit codes), branch switches, saves, notes. Default: today.',
    )
    .option('--repo <repo>', 'only this repository')
    .option('--branch <branch>', 'only this branch')
    .option('--user <user>', 'only this user (of your team)')
    .option(
      '--on <day>',
      `one day or week, in your time zone: ${ACCEPTED_DAYS.map((d) => d.split(':')[0]).join(', ')}`,
    )
    .option(
      '--since <time>',
      'from this time: an ISO date/time (local unless it has a zone) or a day word (its start)',
    )
    .option(
      '--until <time>',
      'up to this time: an ISO date/time or a day word (its end, so the day is included)',
    )
    .option('--limit <n>', 'at most N rows', parseLimit, 500)
    .option('--json', 'one JSON object per line (the API timeline entries) instead of a table')
    .action(async (options: LogOptions) => {
      const out = output();
      const clock = { now: out.now, timeZone: out.timeZone };
      const range = resolveRange(
        options.on || options.since || options.until ? options : { on: 'today' },
        clock,
      );
      const { items, more } = await fetchPages<TimelineEntry>(
        connectGateway(),
        '/api/v1/timeline',
        {
          repo: options.repo,
          branch: options.branch,
          user: options.user,
          since: range.start === undefined ? undefined : new Date(range.start).toISOString(),
          until: range.end === undefined ? undefined : new Date(range.end).toISOString(),
        },
        options.limit,
      );
      if (options.json) printJsonLines(out, items);
      else printTimeline(out, items);
      if (more)
        out.note(
          `(stopped at ${options.limit} rows; raise --limit or narrow the range for the rest)`,
        );
    });
}
