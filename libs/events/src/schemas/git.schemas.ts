import { z } from 'zod';

export const GitHeadChanged = z.object({
  // null: detached HEAD.
  branch: z.string().nullable(),
  commit: z.string().regex(/^[0-9a-f]{7,64}$/, 'expected a git object id'),
  previousBranch: z.string().nullable().optional(),
  previousCommit: z.string().optional(),
});
