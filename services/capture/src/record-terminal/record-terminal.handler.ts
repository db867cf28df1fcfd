import { uuidv7 } from '@backtrack/events';
import { randomBytes } from 'node:crypto';
import { colorsFor } from '../cli/colors';
import { startEchoProbe, EchoProbe } from '../check-echo/echo-probe';
import { EventSink } from '../deliver-events/event-sink';
import { GatewaySink } from '../deliver-events/gateway-sink';
import { resolveSink } from '../deliver-events/resolve-sink';
import { recordingActor } from './recording-actor';
import { prepareShellLaunch, ShellLaunch } from '../inject-shell-integration/shell-launch';
import { spoolDir } from '../spool/spool-paths';
import { PtyExit, PtyProcess } from './pty-process';
import { RecordTerminalCommand } from './record-terminal.command';
import { RecorderWorker, RecordingOutcome } from './recorder-worker.client';
import { TerminalIo } from './terminal-io';

const pc = colorsFor(process.stderr);

// How long the recorder keeps delivering after the session ended before it leaves the rest in the spool.
const DELIVERY_GRACE_MS = 3_000;
const HANG_UP_SIGNALS: NodeJS.Signals[] = ['SIGHUP', 'SIGTERM'];

// The main thread only moves bytes between the terminal and the PTY; recording happens in a worker thread.
export async function recordTerminal(command: RecordTerminalCommand): Promise<number> {
  const sinkFlags = {
    ...(command.server ? { server: command.server } : {}),
    ...(command.bus ? { bus: command.bus } : {}),
  };
  const sink = command.offline ? undefined : resolveSink(sinkFlags);
  const sessionId = uuidv7();
  const nonce = randomBytes(16).toString('hex');
  const launch = launchFor(command, nonce);
  const terminal = new TerminalIo();
  const cwd = process.cwd();
  const size = terminal.size();
  const env = childEnv(launch, sessionId);
  const recording = new RecorderWorker({
    sessionId,
    nonce,
    actor: await recordingActor(sink),
    sink: sinkFlags,
    offline: command.offline,
    spoolDir: spoolDir(),
    deliveryGraceMs: DELIVERY_GRACE_MS,
  });

  const outer = process.env['BACKTRACK_SESSION_ID'];
  if (outer) announce(`already inside recorded session ${outer}: this one is recorded separately`);
  announce(startLine(sessionId, sink));
  recording.start({
    cwd,
    cols: size.cols,
    rows: size.rows,
    ...(command.command.length > 0 ? { command: command.command } : { shell: launch.file }),
    ...(command.title ? { title: command.title } : {}),
    ...(env['TERM'] ? { term: env['TERM'] } : {}),
  });

  const child: PtyProcess = new PtyProcess(
    { file: launch.file, args: launch.args, cwd, env, ...size },
    (data) => {
      // The user's screen first: recording only takes a copy.
      const screenFull = !terminal.write(data);
      recording.printed(data);
      if (screenFull || recording.isFarBehind) {
        child.pause();
        const screenDrained = screenFull
          ? new Promise<void>((resolve) => terminal.onceDrained(resolve))
          : Promise.resolve();
        void Promise.all([screenDrained, recording.caughtUp()]).then(() => child.resume());
      }
    },
  );
  const probe = command.recordInput ? startEchoProbe(child.slavePath) : undefined;
  forwardInput(terminal, child, recording, probe);
  terminal.onResize(({ cols, rows }) => {
    child.resize(cols, rows);
    recording.resize(cols, rows);
  });
  const hangUp = () => child.kill('SIGHUP');
  // Ctrl-C reaches us as a signal only when our stdin is not the terminal: pass it on as the key it was.
  const interrupt = () => child.write('\x03');
  for (const signal of HANG_UP_SIGNALS) process.on(signal, hangUp);
  process.on('SIGINT', interrupt);

  const exit = await child.exited;
  for (const signal of HANG_UP_SIGNALS) process.off(signal, hangUp);
  process.off('SIGINT', interrupt);
  terminal.restore();
  probe?.close();
  launch.cleanup();
  const outcome = await recording.end(
    exit.signal ? null : exit.exitCode,
    exit.signal ? 'signal' : 'exited',
  );
  announce(endLine(outcome));
  return exitCodeOf(exit);
}

function launchFor(command: RecordTerminalCommand, nonce: string): ShellLaunch {
  if (command.command.length > 0) {
    const [file, ...args] = command.command;
    return { file: file!, args, env: {}, integrated: false, cleanup: () => undefined };
  }
  const shell = process.env['SHELL'] || '/bin/sh';
  return prepareShellLaunch({
    shell,
    nonce,
    integrate: command.shellIntegration,
    env: process.env,
  });
}

function childEnv(launch: ShellLaunch, sessionId: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { TERM: 'xterm-256color', ...env, ...launch.env, BACKTRACK_SESSION_ID: sessionId };
}

// Without --stdin keys go straight through. With it, each chunk waits for the echo check (about 0.5 ms) so that
// what is typed at a password prompt is known to be unechoed before the program gets it.
function forwardInput(
  terminal: TerminalIo,
  child: PtyProcess,
  recording: RecorderWorker,
  probe: EchoProbe | undefined,
): void {
  const endOfInput = () => {
    if (!terminal.inputIsTerminal) child.write('\x04');
  };
  if (!probe) {
    terminal.readInput((data) => child.write(data), endOfInput);
    return;
  }
  let queue = Promise.resolve();
  terminal.readInput(
    (data) => {
      const at = Date.now();
      queue = queue.then(async () => {
        const echoed = await probe.isEchoOn();
        child.write(data);
        if (echoed) recording.typed(data, at);
      });
    },
    () => void queue.then(endOfInput),
  );
}

function startLine(sessionId: string, sink: EventSink | undefined): string {
  if (!sink)
    return `recording ${sessionId} offline · send it later with ${pc.bold('backtrack sync')}`;
  // /s/ pages open share links, not sessions: point at the command that follows this one.
  const where = sink instanceof GatewaySink ? ` on ${sink.server}` : '';
  return `recording ${sessionId}${where} · watch it with ${pc.bold(`backtrack follow ${sessionId}`)}`;
}

function endLine(outcome: RecordingOutcome): string {
  if (!outcome.ok) return `recording failed: ${outcome.message}`;
  const { events, delivered, spooled, lastError } = outcome.summary;
  if (spooled === 0) return `${events} events, all delivered`;
  const why = lastError ? ` (${lastError})` : '';
  return `${events} events: ${delivered} delivered, ${spooled} kept in the local spool${why} · ${pc.bold('backtrack sync')} sends them`;
}

function announce(message: string): void {
  process.stderr.write(pc.dim(`backtrack ● ${message}`) + '\n');
}

function exitCodeOf(exit: PtyExit): number {
  return exit.signal ? 128 + exit.signal : exit.exitCode;
}
