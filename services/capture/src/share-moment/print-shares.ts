import { AnswerOutput, localTime, printTable } from '../gateway-client/answer-output';
import { ShareLink, shareState } from './share-link';

export function printShares(out: AnswerOutput, links: ShareLink[]): void {
  if (links.length === 0) {
    out.note('no share links for this session (make one with `backtrack share SESSION@TIME`)');
    return;
  }
  printTable<ShareLink>(
    out,
    [
      {
        header: 'CREATED',
        text: (l) => localTime(l.createdAt, out, true),
        paint: (text, _, c) => c.dim(text),
      },
      { header: 'ID', text: (l) => l.id },
      { header: 'SEQ', text: (l) => String(l.seq) },
      { header: 'BY', text: (l) => l.createdBy },
      {
        header: 'EXPIRES',
        text: (l) => (l.expiresAt ? localTime(l.expiresAt, out, true) : 'never'),
      },
      {
        header: 'STATE',
        text: (l) => shareState(l, out.now),
        paint: (text, l, c) => (shareState(l, out.now) === 'open' ? c.green(text) : c.red(text)),
      },
      { header: 'LABEL', text: (l) => l.label },
    ],
    links,
  );
}
