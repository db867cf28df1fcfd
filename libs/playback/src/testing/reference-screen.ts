import { AnyEvent } from '@backtrack/events';
import { ScreenSnapshot } from '../session-screen/session-screen';
import { VirtualTerminal } from '../virtual-terminal/virtual-terminal';

export interface Screen {
  seq: number;
  lines: string[];
  look: string[];
  cursor: ReturnType<VirtualTerminal['cursor']>;
}

function screenOfTerminal(terminal: VirtualTerminal, seq: number): Screen {
  return {
    seq,
    lines: terminal.screenText(),
    look: terminal.screenLook(),
    cursor: terminal.cursor(),
  };
}

// What a viewer sees (lines, colours, cursor) of a snapshot drawn on a fresh terminal.
export async function screenOf(
  snapshot: Pick<ScreenSnapshot, 'seq' | 'cols' | 'rows' | 'screen'>,
): Promise<Screen> {
  const terminal = await VirtualTerminal.restore(snapshot.screen, snapshot);
  try {
    return screenOfTerminal(terminal, snapshot.seq);
  } finally {
    terminal.dispose();
  }
}

// The reference a seek is held to: a fresh terminal fed every event from the first, one by one, with no keyframe
// and no snapshot in between; its screen right after each of `seqs`.
export async function referenceScreens(
  events: readonly AnyEvent[],
  seqs: readonly number[],
): Promise<Map<number, Screen>> {
  const wanted = [...new Set(seqs)].sort((a, b) => a - b);
  const screens = new Map<number, Screen>();
  const terminal = new VirtualTerminal();
  try {
    for (const event of events) {
      if (wanted.length === 0) break;
      while (wanted[0] !== undefined && wanted[0] < event.seq)
        screens.set(wanted[0], screenOfTerminal(terminal, wanted.shift()!));
      if (event.type === 'session.started' && event.payload.cols && event.payload.rows)
        terminal.resize({ cols: event.payload.cols, rows: event.payload.rows });
      if (event.type === 'terminal.resize') terminal.resize(event.payload);
      if (event.type === 'terminal.output') await terminal.write(event.payload.data);
    }
    for (const seq of wanted) screens.set(seq, screenOfTerminal(terminal, seq));
    return screens;
  } finally {
    terminal.dispose();
  }
}

export async function referenceScreen(events: readonly AnyEvent[], seq: number): Promise<Screen> {
  return (await referenceScreens(events, [seq])).get(seq)!;
}
