import { ShellMarkSpotter } from '../parse-shell-integration/shell-mark-spotter';
import { GitState, readGitState } from '../read-git-state/git-state.reader';

export type GitLookup = (cwd: string) => GitState | undefined;

// The git state of one directory, read at the moment the terminal printed something that may change it.
export interface GitReading {
  cwd: string;
  state: GitState | undefined;
}

// Main thread: reads git the moment a chunk with shell marks is printed, for every directory the recorder may ask
// about for it: the shell's directory before the chunk and each one the chunk reports (`633;P;Cwd=`).
// The worker may reach the chunk much later, when HEAD has moved on; it uses these readings instead.
export class GitReadingsAtMarks {
  private readonly spotter: ShellMarkSpotter;
  private cwd: string | undefined;
  // Readings of the current millisecond (the resolution of event times), so a flood of marks reads git once.
  private readingsAt = 0;
  private readonly sameMillisecond = new Map<string, GitReading>();

  constructor(
    nonce: string,
    private readonly read: GitLookup = readGitState,
  ) {
    this.spotter = new ShellMarkSpotter(nonce);
  }

  start(cwd: string, at: number): GitReading[] {
    this.cwd = cwd;
    return this.readNow([cwd], at);
  }

  // Undefined when the chunk completes no mark: the usual case, costing one indexOf.
  printed(chunk: Buffer, at: number): GitReading[] | undefined {
    const marks = this.spotter.push(chunk);
    if (marks.length === 0) return undefined;
    const cwds = this.cwd === undefined ? [] : [this.cwd];
    for (const mark of marks) if (mark.kind === 'cwd') cwds.push((this.cwd = mark.cwd));
    return this.readNow(cwds, at);
  }

  current(at: number): GitReading[] {
    return this.readNow(this.cwd === undefined ? [] : [this.cwd], at);
  }

  private readNow(cwds: string[], at: number): GitReading[] {
    if (at !== this.readingsAt) this.sameMillisecond.clear();
    this.readingsAt = at;
    return [...new Set(cwds)].map((cwd) => {
      let reading = this.sameMillisecond.get(cwd);
      if (!reading) this.sameMillisecond.set(cwd, (reading = { cwd, state: this.read(cwd) }));
      return reading;
    });
  }
}

// Worker: git as the main thread read it with a message. A directory it did not read (the two parsers of the same
// bytes disagreeing, which they should not) is read now rather than left without context.
export function gitAsRead(readings: GitReading[] | undefined, readNow: GitLookup): GitLookup {
  if (!readings) return readNow;
  return (cwd) => {
    const reading = readings.find((candidate) => candidate.cwd === cwd);
    return reading ? reading.state : readNow(cwd);
  };
}
