import { unescapeShellIntegrationValue } from './command-line-escaping';

// `end` is the index in the pushed chunk just past the sequence, so output can be cut exactly there.
export type ShellMark =
  | { kind: 'promptStart'; end: number }
  | { kind: 'promptEnd'; end: number }
  | { kind: 'commandLine'; end: number; commandLine: string }
  | { kind: 'commandExecuted'; end: number }
  | { kind: 'commandFinished'; end: number; exitCode: number | null }
  | { kind: 'cwd'; end: number; cwd: string };

const ESC = '\x1b';
const BEL = '\x07';
const OUR_SEQUENCE = `${ESC}]633;`;
// A longer unterminated sequence is not one our shell scripts wrote: stop holding it back.
const MAX_SEQUENCE_CHARS = 64 * 1024;

interface Terminator {
  bodyEnd: number;
  end: number;
  aborted: boolean;
}

// Finds OSC 633 marks in PTY output that arrives in arbitrary chunks. Only 633 is read (133 is written for other
// terminals), and a command line (E) counts only with this session's nonce, so program output cannot forge one.
export class ShellIntegrationParser {
  private carry = '';

  constructor(private readonly nonce: string) {}

  // True while the end of the last chunk may be the start of a sequence that the next chunk completes.
  get isHoldingBack(): boolean {
    return this.carry !== '';
  }

  push(chunk: string): ShellMark[] {
    if (this.carry === '' && !chunk.includes(ESC)) return [];
    const text = this.carry + chunk;
    const shift = this.carry.length;
    this.carry = '';
    const marks: ShellMark[] = [];
    let from = 0;
    for (;;) {
      const start = text.indexOf(ESC, from);
      if (start === -1) break;
      if (text.length - start < OUR_SEQUENCE.length) {
        if (OUR_SEQUENCE.startsWith(text.slice(start))) this.carry = text.slice(start);
        break;
      }
      if (!text.startsWith(OUR_SEQUENCE, start)) {
        from = start + 1;
        continue;
      }
      const bodyStart = start + OUR_SEQUENCE.length;
      const terminator = findTerminator(text, bodyStart);
      if (!terminator) {
        if (text.length - start <= MAX_SEQUENCE_CHARS) this.carry = text.slice(start);
        break;
      }
      if (!terminator.aborted) {
        const mark = this.interpret(
          text.slice(bodyStart, terminator.bodyEnd),
          terminator.end - shift,
        );
        if (mark) marks.push(mark);
      }
      from = terminator.end;
    }
    return marks;
  }

  private interpret(body: string, end: number): ShellMark | undefined {
    const params = body.split(';');
    switch (params[0]) {
      case 'A':
        return { kind: 'promptStart', end };
      case 'B':
        return { kind: 'promptEnd', end };
      case 'C':
        return { kind: 'commandExecuted', end };
      case 'D':
        return { kind: 'commandFinished', end, exitCode: parseExitCode(params[1]) };
      case 'E':
        if (params.length !== 3 || params[2] !== this.nonce) return undefined;
        return { kind: 'commandLine', end, commandLine: unescapeShellIntegrationValue(params[1]!) };
      case 'P':
        return params[1]?.startsWith('Cwd=')
          ? { kind: 'cwd', end, cwd: unescapeShellIntegrationValue(params[1].slice(4)) }
          : undefined;
      default:
        return undefined;
    }
  }
}

// ST is BEL or `ESC \`; any other ESC inside means the sequence was cut off and something new began.
function findTerminator(text: string, from: number): Terminator | undefined {
  const bel = text.indexOf(BEL, from);
  const esc = text.indexOf(ESC, from);
  if (esc !== -1 && (bel === -1 || esc < bel)) {
    if (esc + 1 === text.length) return undefined;
    return text[esc + 1] === '\\'
      ? { bodyEnd: esc, end: esc + 2, aborted: false }
      : { bodyEnd: esc, end: esc, aborted: true };
  }
  return bel === -1 ? undefined : { bodyEnd: bel, end: bel + 1, aborted: false };
}

function parseExitCode(text: string | undefined): number | null {
  if (text === undefined || !/^-?\d+$/.test(text)) return null;
  return Number(text);
}
