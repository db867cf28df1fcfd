import { Command } from 'commander';
import { CommandHit } from '../gateway-client/answers';
import { AnswerOutput, printJsonLines, terminalOutput } from '../gateway-client/answer-output';
import { connectGateway } from '../gateway-client/connect-gateway';
import { parseLimit } from '../gateway-client/paged-query';
import { printHits } from './print-hits';

interface SearchOptions {
  branch?: string;
  repo?: string;
  user?: string;
  limit: number;
  json?: boolean;
}

// `backtrack search`: commands whose line or output match, best first.
export function registerSearchCommand(
  program: Command,
  output: () => AnswerOutput = terminalOutput,
): void {
  program
    .command('search')
    .description(
      'Find commands by what they were or printed, best match first, each with its moment <session>@<seq>.',
    )
    .argument(
      '<text...>',
      'words to find ("exact phrase", or, -exclude); 3+ characters also match inside command lines',
    )
    .option('--branch <branch>', 'only this branch')
    .option('--repo <repo>', 'only this repository')
    .option('--user <user>', 'only this user (of your team)')
    .option('--limit <n>', 'at most N results (up to 100)', parseLimit, 20)
    .option('--json', 'one JSON object per line (the API search hits) instead of text')
    .action(async (words: string[], options: SearchOptions) => {
      const out = output();
      const { items } = await connectGateway().get<{ items: CommandHit[] }>('/api/v1/search', {
        q: words.join(' '),
        branch: options.branch,
        repo: options.repo,
        user: options.user,
        limit: Math.min(options.limit, 100),
      });
      if (options.json) printJsonLines(out, items);
      else printHits(out, items);
    });
}
