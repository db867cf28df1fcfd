import { appendFileSync, mkdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { FromRecorder } from './recorder-messages';
import { serveRecorder } from './recorder-service';
import { PipelineOptions } from './recording-pipeline';

// Worker thread entry: runs the recording pipeline on what the main thread reports from the terminal.
const RECORDER_NICENESS = 10;
const port = parentPort!;
const options = workerData as PipelineOptions;
keepConsoleOffTheTerminal(join(dirname(options.spoolDir), 'record.log'));
lowerOwnPriority();
const serve = serveRecorder(options, (message: FromRecorder) => {
  port.postMessage(message);
  if (message.kind === 'ended') port.close();
});
port.on('message', serve);

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
