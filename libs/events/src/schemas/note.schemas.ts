import { z } from 'zod';

export const NoteAdded = z.object({
  text: z.string().min(1).max(10_000),
  // The seq of the moment the note is about; absent means "now".
  aboutSeq: z.number().int().positive().optional(),
});
