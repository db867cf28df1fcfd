// `cat` of a 100 MB text file through `backtrack record` (spool only: measures the recorder, not a network) against
// the same through util-linux `script`, in the same run. Prints both times and the ratio (target: at most 1.2x).
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const WORKSPACE = join(__dirname, '../../..');
const BIN = join(WORKSPACE, 'services/capture/bin/backtrack.js');
const FILE_BYTES = 100 * 1024 * 1024;
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);

interface Timed {
  // Until the last byte of output arrived: how long the user watched it scroll by.
  outputSeconds: number;
  // Until the process exited: for the recorder, also finishing its events and the spool.
  exitSeconds: number;
  stderr: string;
}

async function main(): Promise<void> {
  const file = textFile();
  buildCli();
  const home = mkdtempSync(join(tmpdir(), 'backtrack-bench-'));
  const script: Timed[] = [];
  const recorded: Timed[] = [];
  let events = '';
  try {
    for (let run = 1; run <= RUNS; run++) {
      const plain = await timed('script', ['-q', '-c', `cat ${file}`, '/dev/null'], {});
      const record = await timed(
        process.execPath,
        [BIN, 'record', '--offline', '--', 'cat', file],
        { BACKTRACK_HOME: home },
      );
      script.push(plain);
      recorded.push(record);
      events = /(\d+) events/.exec(record.stderr)?.[1] ?? '?';
      rmSync(join(home, 'spool'), { recursive: true, force: true });
      console.log(
        `run ${run}: script ${plain.outputSeconds.toFixed(2)} s; backtrack record: output ${record.outputSeconds.toFixed(2)} s, exit ${record.exitSeconds.toFixed(2)} s (${events} events)`,
      );
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const mb = FILE_BYTES / 1024 / 1024;
  const scriptSeconds = median(script.map((t) => t.exitSeconds));
  const outputSeconds = median(recorded.map((t) => t.outputSeconds));
  const exitSeconds = median(recorded.map((t) => t.exitSeconds));
  const rate = (seconds: number) => `${(mb / seconds).toFixed(0)} MB/s`;
  console.log(
    `\ncat of ${mb} MB to a pipe, median of ${RUNS} runs, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    `  script -q -c 'cat file' /dev/null           ${scriptSeconds.toFixed(2)} s  ${rate(scriptSeconds)}`,
  );
  console.log(
    `  backtrack record --offline, output done    ${outputSeconds.toFixed(2)} s  ${rate(outputSeconds)}  ratio ${(outputSeconds / scriptSeconds).toFixed(2)}x (target <= 1.2x)`,
  );
  console.log(
    `  backtrack record --offline, exited         ${exitSeconds.toFixed(2)} s  ${rate(exitSeconds)}  ratio ${(exitSeconds / scriptSeconds).toFixed(2)}x`,
  );
}

// Lines of printable text, as a build log or a big `cat` would print.
function textFile(): string {
  const dir = join(WORKSPACE, '.bench');
  const file = join(dir, 'capture-100mb.txt');
  if (existsSync(file) && statSync(file).size >= FILE_BYTES) return file;
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < 2_000; i++)
    lines.push(
      `line ${i} ${'lorem ipsum dolor sit amet, consectetur adipiscing elit '.repeat(2)}\n`,
    );
  const block = Buffer.from(lines.join(''));
  const fd = openSync(file, 'w');
  for (let written = 0; written < FILE_BYTES; written += block.length) writeSync(fd, block);
  closeSync(fd);
  return file;
}

// The CLI as shipped (compiled), so the figure is not about the TypeScript loader.
function buildCli(): void {
  execFileSync(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-b',
      join(WORKSPACE, 'services/capture/tsconfig.json'),
    ],
    { stdio: 'inherit' },
  );
}

function timed(command: string, args: string[], env: Record<string, string>): Promise<Timed> {
  const started = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - started) / 1e9;
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let outputSeconds = 0;
  let stderr = '';
  child.stdout.on('data', () => (outputSeconds = since()));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`${command} exited with ${code}: ${stderr}`));
      else resolve({ outputSeconds, exitSeconds: since(), stderr });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

void main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
