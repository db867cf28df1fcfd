import { appendFileSync, mkdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { FromRecorder, ToRecorder } from './recorder-messages';
import { PipelineOptions, RecordingPipeline } from './recording-pipeline';

// Worker thread entry: runs the recording pipeline on what the main thread reports from the terminal.
const PROGRESS_EVERY_BYTES = 1024 * 1024;
const RECORDER_NICENESS = 10;
const port = parentPort!;
const options = workerData as PipelineOptions;
keepConsoleOffTheTerminal(join(dirname(options.spoolDir), 'record.log'));
const reply = (message: FromRecorder) => port.postMessage(message);
lowerOwnPriority();
const pipeline = RecordingPipeline.open(options);
let processedBytes = 0;
let reportedBytes = 0;
let failed = false;

pipeline.catch((error: Error) => fail(error));

port.on('message', (message: ToRecorder) => {
  // Every handler hangs off the same promise, so messages are handled in the order they came.
  void pipeline.then((recording) => handle(recording, message)).catch(fail);
});

async function handle(recording: RecordingPipeline, message: ToRecorder): Promise<void> {
  if (failed) return;
  switch (message.kind) {
    case 'start':
      return recording.start(message.session, message.at);
    case 'output':
      recording.printed(message.data, message.at);
      return reportProgress(message.data.byteLength);
    case 'input':
      return recording.typed(message.data, message.at);
    case 'resize':
      return recording.resize(message.cols, message.rows, message.at);
    case 'end':
      reply({
        kind: 'ended',
        summary: await recording.end(message.exitCode, message.reason, message.at),
      });
      port.close();
      return;
  }
}

function reportProgress(bytes: number): void {
  processedBytes += bytes;
  if (processedBytes - reportedBytes < PROGRESS_EVERY_BYTES) return;
  reportedBytes = processedBytes;
  reply({ kind: 'processed', bytes: processedBytes });
}

// When CPUs are scarce the terminal goes first: on Linux a thread has its own nice value, so this lowers only the
// recorder's. Elsewhere it stays as it is.
function lowerOwnPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, RECORDER_NICENESS);
  } catch {
    // Not Linux, or not allowed: the same priority as the terminal is fine too.
  }
}

function fail(error: Error): void {
  if (failed) return;
  failed = true;
  reply({ kind: 'failed', message: error.message });
}

// Libraries (broker clients) log with console; in the user's terminal that would garble what they see.
function keepConsoleOffTheTerminal(logFile: string): void {
  const write = (...args: unknown[]) => {
    try {
      mkdirSync(dirname(logFile), { recursive: true });
      appendFileSync(logFile, `${new Date().toISOString()} ${format(...args)}\n`);
    } catch {
      // Logging must never break recording.
    }
  };
  console.log = console.info = console.warn = console.error = console.debug = write;
}
