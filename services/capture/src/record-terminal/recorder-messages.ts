import { GitReading } from './git-readings';
import { SessionStart } from './session-recorder';
import { RecordingSummary } from './recording-pipeline';

// Main thread → recorder worker, in the order things happened on the terminal. `git` is what the main thread read
// at that moment (on output: only for chunks with shell marks); the worker, possibly far behind, uses it as is.
export type ToRecorder =
  | { kind: 'start'; session: SessionStart; at: number; git: GitReading[] }
  | { kind: 'output'; data: Uint8Array; at: number; git?: GitReading[] }
  | { kind: 'input'; data: Uint8Array; at: number }
  | { kind: 'resize'; cols: number; rows: number; at: number }
  | {
      kind: 'end';
      exitCode: number | null;
      reason: 'exited' | 'signal';
      at: number;
      git: GitReading[];
    };

// Recorder worker → main thread. `processed` reports output bytes handled so far: the main thread's backpressure gauge.
export type FromRecorder =
  | { kind: 'processed'; bytes: number }
  | { kind: 'ended'; summary: RecordingSummary }
  | { kind: 'failed'; message: string };
