import { Actor } from '@backtrack/events';
import { StringDecoder } from 'node:string_decoder';
import { BatchSender } from '../deliver-events/batch-sender';
import { EventBatcher } from '../deliver-events/event-batcher';
import { EventSink } from '../deliver-events/event-sink';
import { resolveSink, SinkFlags } from '../deliver-events/resolve-sink';
import { readGitState } from '../read-git-state/git-state.reader';
import { SessionSpool } from '../spool/session-spool';
import { spoolFiles } from '../spool/spool-paths';
import { syncSpooledSessions } from '../sync-spool/sync-spool.handler';
import { gitAsRead, GitReading } from './git-readings';
import { createRedaction } from './redaction.adapter';
import { SessionRecorder, SessionStart } from './session-recorder';

export interface PipelineOptions {
  sessionId: string;
  nonce: string;
  actor: Actor;
  sink: SinkFlags;
  offline: boolean;
  spoolDir: string;
  // How long delivery goes on after the session ended before the rest stays in the spool.
  deliveryGraceMs: number;
}

export interface RecordingSummary {
  events: number;
  delivered: number;
  spooled: number;
  lastError: string | undefined;
  spoolPath: string;
}

// Everything between the PTY's bytes and the sink: decoding, recording, batching, delivery, the spool, and sending
// older spooled sessions on the side. Runs in a worker thread so none of it slows the terminal.
export class RecordingPipeline {
  private readonly outputDecoder = new StringDecoder('utf8');
  private readonly inputDecoder = new StringDecoder('utf8');
  private ended = false;

  private readonly otherSessions: Promise<unknown>;

  private constructor(
    private readonly options: PipelineOptions,
    private readonly recorder: SessionRecorder,
    private readonly batcher: EventBatcher,
    private readonly sender: BatchSender,
    private readonly sink: EventSink | undefined,
  ) {
    // Sessions an earlier recording left in the spool go out too, on the side, until this one ends.
    this.otherSessions = sink
      ? syncSpooledSessions(sink, {
          dir: options.spoolDir,
          exclude: options.sessionId,
          shouldStop: () => this.ended,
        }).catch(() => undefined)
      : Promise.resolve();
  }

  static async open(options: PipelineOptions): Promise<RecordingPipeline> {
    const { sessionId } = options;
    const sink = options.offline ? undefined : resolveSink(options.sink);
    const spool = await SessionSpool.open(options.spoolDir, sessionId);
    if (!spool) throw new Error(`session ${sessionId} is already being recorded`);
    const sender = new BatchSender(sessionId, sink, spool);
    const batcher = new EventBatcher(sessionId, (batch) => sender.enqueue(batch));
    const recorder = new SessionRecorder({
      sessionId,
      actor: options.actor,
      nonce: options.nonce,
      emit: (event) => batcher.add(event),
      readGit: readGitState,
      redaction: createRedaction(),
    });
    return new RecordingPipeline(options, recorder, batcher, sender, sink);
  }

  // `git` readings were taken by the main thread when this happened: by now HEAD may have moved on.
  start(session: SessionStart, at: number, git: GitReading[]): void {
    this.recorder.start(session, at, gitAsRead(git, readGitState));
  }

  printed(data: Uint8Array, at: number, git?: GitReading[]): void {
    this.recorder.printed(
      this.outputDecoder.write(asBuffer(data)),
      at,
      gitAsRead(git, readGitState),
    );
  }

  typed(data: Uint8Array, at: number): void {
    this.recorder.typed(this.inputDecoder.write(asBuffer(data)), at);
  }

  resize(cols: number, rows: number, at: number): void {
    this.recorder.resize(cols, rows, at);
  }

  async end(
    exitCode: number | null,
    reason: 'exited' | 'signal',
    at: number,
    git: GitReading[],
  ): Promise<RecordingSummary> {
    const gitAtEnd = gitAsRead(git, readGitState);
    this.recorder.printed(this.outputDecoder.end(), at, gitAtEnd);
    this.recorder.end(exitCode, reason, at, gitAtEnd);
    this.batcher.flush();
    const delivery = await this.sender.close(this.options.deliveryGraceMs);
    this.ended = true;
    await this.otherSessions;
    await this.sink?.close();
    return {
      events: this.recorder.eventCount,
      ...delivery,
      spoolPath: spoolFiles(this.options.spoolDir, this.options.sessionId).batches,
    };
  }
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
