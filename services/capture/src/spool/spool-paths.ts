import { join } from 'node:path';
import { backtrackHome } from '../config/cli-config';

export function spoolDir(home: string = backtrackHome()): string {
  return join(home, 'spool');
}

export function spoolFiles(dir: string, sessionId: string) {
  return {
    batches: join(dir, `${sessionId}.jsonl`),
    sent: join(dir, `${sessionId}.sent`),
    lock: join(dir, `${sessionId}.lock`),
  };
}

export const SPOOL_SUFFIX = '.jsonl';
