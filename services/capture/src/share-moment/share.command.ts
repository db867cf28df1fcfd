import { Command } from 'commander';
import { AnswerOutput, printJsonLines, terminalOutput } from '../gateway-client/answer-output';
import { connectGateway } from '../gateway-client/connect-gateway';
import { MOMENT_FORMS, parseMoment } from './parse-moment';
import { printShares } from './print-shares';
import { CreatedShareLink, ShareLink } from './share-link';

interface ShareOptions {
  expires?: string;
  label?: string;
  list?: string;
  revoke?: string;
  json?: boolean;
}

const ONE_OF = 'give one of: SESSION[@TIME] (make a link), --list SESSION, --revoke ID';

// `backtrack share`: a link to one moment of a session, opened in a browser without an account.
export function registerShareCommand(
  program: Command,
  output: () => AnswerOutput = terminalOutput,
): void {
  program
    .command('share')
    .argument('[moment]', `SESSION or SESSION@TIME, TIME being ${MOMENT_FORMS}`)
    .description(
      'Make a read-only link to one moment of a session (anyone with it can watch from there); prints the URL.',
    )
    .option(
      '--expires <duration>',
      'the link stops opening after 30m, 24h, 7d, 2w… (default: never)',
    )
    .option('--label <label>', 'what the moment shows, for the viewer and for --list')
    .option('--list <session>', "list the session's links (ids, labels, expiry; never tokens)")
    .option('--revoke <id>', 'revoke a link: it stops opening at once')
    .option('--json', 'with --list: one JSON object per line, as the API gives it')
    .action(async (moment: string | undefined, options: ShareOptions) => {
      const out = output();
      const chosen = [moment, options.list, options.revoke].filter((v) => v !== undefined);
      if (chosen.length !== 1) throw new Error(ONE_OF);
      if (!moment && (options.expires || options.label))
        throw new Error('--expires and --label go with SESSION[@TIME], when making a link');
      if (options.revoke) return revoke(out, options.revoke);
      if (options.list) return list(out, options.list, options.json === true);
      return share(out, moment!, options);
    });
}

async function share(out: AnswerOutput, argument: string, options: ShareOptions): Promise<void> {
  const { sessionId, at } = parseMoment(argument);
  const link = await connectGateway().post<CreatedShareLink>(
    `/api/v1/sessions/${encodeURIComponent(sessionId)}/shares`,
    {
      ...(at ? { at } : {}),
      ...(options.expires ? { expiresIn: options.expires } : {}),
      ...(options.label ? { label: options.label } : {}),
    },
  );
  out.line(link.url);
  const expiry = link.expiresAt ? `until ${link.expiresAt}` : 'with no expiry';
  out.note(
    `link ${link.id} opens ${link.sessionId}@${link.seq} ${expiry}; revoke it with \`backtrack share --revoke ${link.id}\``,
  );
}

async function list(out: AnswerOutput, sessionId: string, json: boolean): Promise<void> {
  const { items } = await connectGateway().get<{ items: ShareLink[] }>(
    `/api/v1/sessions/${encodeURIComponent(sessionId)}/shares`,
  );
  if (json) printJsonLines(out, items);
  else printShares(out, items);
}

async function revoke(out: AnswerOutput, id: string): Promise<void> {
  await connectGateway().delete(`/api/v1/shares/${encodeURIComponent(id)}`);
  out.line(id);
  out.note(`revoked share link ${id}: it no longer opens`);
}
