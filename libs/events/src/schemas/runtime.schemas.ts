import { z } from 'zod';
import { NonNegativeInt } from './common';

export const Variable = z.object({
  name: z.string(),
  value: z.string(),
  type: z.string().optional(),
});

export const Scope = z.object({ name: z.string(), variables: z.array(Variable) });

export const Frame = z.object({
  function: z.string(),
  file: z.string().optional(),
  line: NonNegativeInt,
  column: NonNegativeInt.optional(),
  scopes: z.array(Scope).default([]),
});

export const RuntimePaused = z.object({
  reason: z.enum(['breakpoint', 'step', 'exception', 'pause', 'entry', 'other']),
  description: z.string().optional(),
  threadId: z.number().int().optional(),
  runtime: z.string().optional(),
  frames: z.array(Frame),
});

export const RuntimeResumed = z.object({ threadId: z.number().int().optional() });
