import { StringDecoder } from 'node:string_decoder';
import { ShellIntegrationParser, ShellMark } from './shell-integration.parser';

const MARKER = Buffer.from('\x1b]633;');
const ESC = 0x1b;
const EMPTY = Buffer.alloc(0);

// Finds OSC 633 marks in raw PTY bytes on the terminal's own thread, at the cost of one indexOf per chunk: only
// from a marker on is anything decoded and parsed (by the same parser the recorder uses), and the last bytes are
// kept so that a marker cut between two chunks is still seen.
export class ShellMarkSpotter {
  private readonly parser: ShellIntegrationParser;
  // Decodes only what is parsed; it starts clean at every marker (an ASCII byte).
  private decoder = new StringDecoder('utf8');
  // The stream's last few bytes when they hold an ESC: the start of a marker the next chunk may complete.
  private tail = EMPTY;

  constructor(nonce: string) {
    this.parser = new ShellIntegrationParser(nonce);
  }

  // Marks this chunk completes, in order (almost always none).
  push(chunk: Buffer): ShellMark[] {
    const text = this.textToParse(chunk);
    this.keepTail(chunk);
    if (text === undefined) return [];
    const marks = this.parser.push(text);
    // Whatever follows the last sequence is plain output: the next parse starts afresh at a marker.
    if (!this.parser.isHoldingBack) this.decoder = new StringDecoder('utf8');
    return marks;
  }

  private textToParse(chunk: Buffer): string | undefined {
    if (this.parser.isHoldingBack) return this.decoder.write(chunk);
    const cutMarker = this.markerCutBefore(chunk);
    if (cutMarker) return this.decoder.write(Buffer.concat([cutMarker, chunk]));
    const start = chunk.indexOf(MARKER);
    return start === -1 ? undefined : this.decoder.write(chunk.subarray(start));
  }

  // The start of a marker at the end of the previous chunks that this chunk completes.
  private markerCutBefore(chunk: Buffer): Buffer | undefined {
    if (this.tail.length === 0) return undefined;
    const seam = Buffer.concat([this.tail, chunk.subarray(0, MARKER.length - 1)]);
    const start = seam.indexOf(MARKER);
    return start === -1 ? undefined : this.tail.subarray(start);
  }

  private keepTail(chunk: Buffer): void {
    const keep = MARKER.length - 1;
    const joined = chunk.length >= keep ? chunk : Buffer.concat([this.tail, chunk]);
    const last = joined.subarray(Math.max(0, joined.length - keep));
    this.tail = last.includes(ESC) ? Buffer.from(last) : EMPTY;
  }
}
