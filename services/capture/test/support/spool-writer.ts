// Appends numbered lines to a session spool as fast as it can until killed: lets a spec kill a writer mid-append.
import { SessionSpool } from '../../src/spool/session-spool';

async function main(): Promise<void> {
  const [dir, sessionId] = process.argv.slice(2);
  const spool = await SessionSpool.open(dir!, sessionId!);
  if (!spool) throw new Error('spool is locked');
  const filler = 'x'.repeat(256 * 1024);
  for (let n = 1; ; n++) {
    await spool.append([Buffer.from(JSON.stringify({ n, filler }))]).written;
    if (n === 3) process.stdout.write('writing\n');
  }
}

void main();
