import { JsonLinesView, ReplayView } from './replay-view';
import { TerminalView } from './terminal-view';

export interface ViewerOptions {
  json: boolean;
  // A key the user typed (raw mode): only when stdin and stdout are a terminal and the output is not JSON.
  onKey(key: string): void;
  // SIGINT, SIGTERM or SIGHUP: the user (or a script) wants out.
  onStop(): void;
}

export interface Viewer {
  readonly view: ReplayView;
  readonly interactive: boolean;
  // Gives the terminal back (raw mode off, cursor shown, modes reset), then prints the last line; once.
  close(lastLine?: string): void;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// The user's side of follow and play: how messages are shown, keys read, and the terminal restored.
export function openViewer(options: ViewerOptions): Viewer {
  const { stdin, stdout, stderr } = process;
  const view = options.json ? new JsonLinesView(stdout, stderr) : new TerminalView(stdout, stderr);
  const interactive = !options.json && stdin.isTTY === true && stdout.isTTY === true;
  const releaseKeys = interactive ? readKeys(stdin, options.onKey) : () => undefined;
  const stop = () => options.onStop();
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  let closed = false;
  return {
    view,
    interactive,
    close: (lastLine) => {
      if (closed) return;
      closed = true;
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
      view.close(lastLine);
      releaseKeys();
    },
  };
}

function readKeys(stdin: NodeJS.ReadStream, onKey: (key: string) => void): () => void {
  // However the process ends, the user's terminal must not stay in raw mode.
  const leaveRawMode = () => stdin.setRawMode(false);
  process.once('exit', leaveRawMode);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  const listener = (chunk: string) => {
    for (const key of chunk) onKey(key);
  };
  stdin.on('data', listener);
  stdin.resume();
  return () => {
    stdin.off('data', listener);
    process.off('exit', leaveRawMode);
    stdin.setRawMode(false);
    stdin.pause();
  };
}
