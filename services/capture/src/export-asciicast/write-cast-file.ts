import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';

// Writes the lines to the file (complete or not at all: written aside, then renamed) or to stdout.
export async function writeCastFile(
  lines: Iterable<string>,
  file: string | undefined,
): Promise<void> {
  if (!file) return writeLines(lines, process.stdout);
  const partial = `${file}.partial`;
  const stream = createWriteStream(partial);
  try {
    await writeLines(lines, stream);
    stream.end();
    await once(stream, 'finish');
    renameSync(partial, file);
  } catch (error) {
    stream.destroy();
    rmSync(partial, { force: true });
    throw new Error(`cannot write ${file}: ${(error as Error).message}`);
  }
}

async function writeLines(lines: Iterable<string>, stream: Writable): Promise<void> {
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  for (const line of lines) {
    if (!stream.write(line)) await Promise.race([once(stream, 'drain'), failed]);
  }
}
