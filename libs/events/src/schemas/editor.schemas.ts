import { z } from 'zod';
import { NonNegativeInt, Path, Position, Range } from './common';

export const EditorFileOpened = z.object({
  path: Path,
  languageId: z.string().optional(),
  text: z.string().optional(),
});

export const TextChange = z.object({
  range: Range,
  rangeOffset: NonNegativeInt.optional(),
  rangeLength: NonNegativeInt.optional(),
  text: z.string(),
});

export const EditorTextChanged = z.object({
  path: Path,
  version: NonNegativeInt.optional(),
  changes: z.array(TextChange).min(1),
});

export const EditorSelectionChanged = z.object({
  path: Path,
  selections: z.array(z.object({ anchor: Position, active: Position })).min(1),
});

export const EditorFileSaved = z.object({ path: Path });
export const EditorFileClosed = z.object({ path: Path });
