import { z } from 'zod';
import { NonNegativeInt } from './common';

// Output is the decoded UTF-8 text the PTY produced; escape sequences are kept verbatim.
export const TerminalOutput = z.object({ data: z.string() });
export const TerminalInput = z.object({ data: z.string() });

export const TerminalResize = z.object({
  cols: z.number().int().positive(),
  rows: z.number().int().positive(),
});

export const TerminalCommandStarted = z.object({
  commandId: z.string().min(1),
  commandLine: z.string(),
  cwd: z.string().optional(),
});

export const TerminalCommandFinished = z.object({
  commandId: z.string().min(1),
  commandLine: z.string().optional(),
  cwd: z.string().optional(),
  // null: the shell reported no exit status (nothing ran).
  exitCode: z.number().int().nullable(),
  durationMs: NonNegativeInt,
});

export const TerminalMarker = z.object({ label: z.string().max(1000) });
