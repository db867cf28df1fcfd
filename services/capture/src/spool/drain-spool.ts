import { SessionSpool } from './session-spool';

// Sends spooled lines in order, recording each delivery before the next; stops at the first one `send` refuses.
// Returns true once nothing is left unsent. Shared by the recorder's sender and `backtrack sync`.
export async function drainSpool(
  spool: SessionSpool,
  send: (body: Buffer) => Promise<boolean>,
  onSent: (end: number) => void = () => undefined,
): Promise<boolean> {
  while (spool.hasUnsent) {
    const entries = await spool.readUnsent();
    if (entries.length === 0) return !spool.hasUnsent;
    for (const entry of entries) {
      if (!(await send(entry.body))) return false;
      await spool.markSent(entry.end);
      onSent(entry.end);
    }
  }
  return true;
}
