import { createColors } from 'picocolors';

// Colour only what a person sees: picocolors alone would also colour pipes whenever CI is set.
export function colorsFor(stream: NodeJS.WriteStream) {
  return createColors(Boolean(stream.isTTY) && !('NO_COLOR' in process.env));
}
