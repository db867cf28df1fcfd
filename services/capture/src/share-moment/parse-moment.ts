export type MomentAt = { seq: number } | { offsetMs: number };

export interface MomentArgument {
  sessionId: string;
  // undefined: the session's last event so far.
  at: MomentAt | undefined;
}

export const MOMENT_FORMS =
  'MM:SS (23:22), H:MM:SS (1:02:03), seconds (95s) or an event seq (#1200, or 1200 as `backtrack search` prints it)';

// SESSION[@TIME]: the time from the session's start, or the seq of one event.
export function parseMoment(argument: string): MomentArgument {
  const at = argument.lastIndexOf('@');
  const sessionId = at === -1 ? argument : argument.slice(0, at);
  if (!sessionId.trim())
    throw new Error(`"${argument}" names no session: expected SESSION or SESSION@TIME`);
  if (at === -1) return { sessionId, at: undefined };
  return { sessionId, at: parseTime(argument.slice(at + 1), argument) };
}

function parseTime(time: string, argument: string): MomentAt {
  const seq = /^#?(\d{1,10})$/.exec(time);
  if (seq) return { seq: positiveSeq(Number(seq[1]), argument) };
  const seconds = /^(\d{1,7})s$/.exec(time);
  if (seconds) return { offsetMs: Number(seconds[1]) * 1000 };
  const clock = /^(?:(\d{1,4}):(?=\d{2}:))?(\d{1,4}):([0-5]\d)$/.exec(time);
  if (!clock)
    throw new Error(`cannot read the time "${time}" in "${argument}"; accepted: ${MOMENT_FORMS}`);
  const hours = Number(clock[1] ?? 0);
  const minutes = Number(clock[2]);
  if (clock[1] !== undefined && minutes > 59)
    throw new Error(`minutes must be 00-59 in H:MM:SS (got "${time}" in "${argument}")`);
  return { offsetMs: ((hours * 60 + minutes) * 60 + Number(clock[3])) * 1000 };
}

function positiveSeq(seq: number, argument: string): number {
  if (seq < 1 || seq > 2 ** 31 - 1)
    throw new Error(`event seq in "${argument}" must be from 1 to ${2 ** 31 - 1}`);
  return seq;
}
