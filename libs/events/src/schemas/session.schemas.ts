import { z } from 'zod';
import { NonNegativeInt } from './common';

export const SessionStarted = z.object({
  source: z.enum(['terminal', 'editor', 'runtime', 'import']),
  title: z.string().max(500).optional(),
  shell: z.string().max(500).optional(),
  command: z.array(z.string()).optional(),
  cols: NonNegativeInt.optional(),
  rows: NonNegativeInt.optional(),
  term: z.string().max(100).optional(),
  agent: z.object({ name: z.string(), version: z.string() }),
});

export const SessionEnded = z.object({
  exitCode: z.number().int().nullable(),
  reason: z.enum(['exited', 'signal', 'disconnected', 'imported']).default('exited'),
});

export const SessionTitled = z.object({ title: z.string().min(1).max(500) });
