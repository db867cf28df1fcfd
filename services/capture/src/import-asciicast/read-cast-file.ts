import { readFileSync } from 'node:fs';
import { AsciicastParseError, parseAsciicast, ParsedAsciicast } from '@backtrack/asciicast';

// Reads and checks the whole file before anything is sent; "-" reads stdin. Errors name the file and the line.
export function readCastFile(file: string): ParsedAsciicast {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return parseAsciicast(text);
  } catch (error) {
    if (error instanceof AsciicastParseError)
      throw new Error(`${file === '-' ? 'stdin' : file}: ${error.message}; nothing was imported`);
    throw error;
  }
}
