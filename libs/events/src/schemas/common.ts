import { z } from 'zod';

export const Path = z.string().min(1).max(4096);
export const NonNegativeInt = z.number().int().nonnegative();

export const Position = z.object({ line: NonNegativeInt, character: NonNegativeInt });
export const Range = z.object({ start: Position, end: Position });
