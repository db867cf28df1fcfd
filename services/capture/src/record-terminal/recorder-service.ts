import { FromRecorder, ToRecorder } from './recorder-messages';
import { PipelineOptions, RecordingPipeline } from './recording-pipeline';

const PROGRESS_EVERY_BYTES = 1024 * 1024;

// The recorder's side of the conversation: runs the main thread's messages on the pipeline, strictly in order,
// replies with progress and the outcome. The worker entry serves it; specs serve it in-thread to control timing.
export function serveRecorder(
  options: PipelineOptions,
  reply: (message: FromRecorder) => void,
): (message: ToRecorder) => void {
  const pipeline = RecordingPipeline.open(options);
  let processedBytes = 0;
  let reportedBytes = 0;
  let failed = false;

  const fail = (error: Error) => {
    if (failed) return;
    failed = true;
    reply({ kind: 'failed', message: error.message });
  };
  const reportProgress = (bytes: number) => {
    processedBytes += bytes;
    if (processedBytes - reportedBytes < PROGRESS_EVERY_BYTES) return;
    reportedBytes = processedBytes;
    reply({ kind: 'processed', bytes: processedBytes });
  };
  const handle = async (recording: RecordingPipeline, message: ToRecorder): Promise<void> => {
    if (failed) return;
    switch (message.kind) {
      case 'start':
        return recording.start(message.session, message.at, message.git);
      case 'output':
        recording.printed(message.data, message.at, message.git);
        return reportProgress(message.data.byteLength);
      case 'input':
        return recording.typed(message.data, message.at);
      case 'resize':
        return recording.resize(message.cols, message.rows, message.at);
      case 'end': {
        const { exitCode, reason, at, git } = message;
        reply({ kind: 'ended', summary: await recording.end(exitCode, reason, at, git) });
        return;
      }
    }
  };

  pipeline.catch(fail);
  // Every handler hangs off the same promise, so messages are handled in the order they came.
  return (message) => void pipeline.then((recording) => handle(recording, message)).catch(fail);
}
