import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

// Fails with what to do when nothing answers at host:port; with `hello`, a server that takes the connection must
// also answer those bytes within 5 s (a wedged broker accepts connections and says nothing).
export async function assertReachable(
  what: string,
  url: string,
  defaultPort: number,
  hello?: Buffer,
): Promise<void> {
  const { hostname } = new URL(url);
  const port = Number(new URL(url).port || defaultPort);
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: hostname, port, timeout: hello ? 5000 : 3000 });
    const fail = (problem: string) => {
      socket.destroy();
      reject(new Error(`${what} at ${hostname}:${port} ${problem}`));
    };
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.once('connect', () => (hello ? socket.write(hello) : done()));
    socket.once('data', done);
    socket.once('timeout', () =>
      fail(
        hello
          ? 'took the connection but did not answer its handshake in 5 s: it is stuck, restart it'
          : 'did not answer in 3 s; start it with `bash scripts/services.sh up`',
      ),
    );
    socket.once('error', (error) =>
      fail(`is not reachable (${error.message}); start it with \`bash scripts/services.sh up\``),
    );
  });
}

// The opening bytes of AMQP 0-9-1: a broker answers with its Connection.Start.
export const AMQP_HELLO = Buffer.from('AMQP\x00\x00\x09\x01', 'latin1');

// rabbitmqctl (a shell script that starts an Erlang VM under su) has been seen to hang on a busy broker: it gets
// 20 s, then it and everything it started are killed.
const RABBITMQCTL_TIMEOUT_MS = 20_000;

function rabbitmqctl(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('rabbitmqctl', ['-q', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => {
      for (const pid of [...descendantsOf(child.pid!), child.pid!]) killQuietly(pid);
      reject(
        new Error(`rabbitmqctl ${args[0]} did not answer in ${RABBITMQCTL_TIMEOUT_MS / 1000} s`),
      );
    }, RABBITMQCTL_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`rabbitmqctl ${args[0]}: ${stderr.trim() || `exit ${code}`}`));
    });
  });
}

// Every process below pid, from /proc.
function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  for (let i = -1, parent = pid; i < found.length; parent = found[++i]!)
    for (const [child, ppid] of parents) if (ppid === parent) found.push(child);
  return found;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// Deletes the namespace's queues from the broker (the data a run leaves); its exchanges, which hold nothing, stay.
// Needs rabbitmqctl on this machine; returns how many queues went.
export async function deleteNamespaceQueues(namespace: string): Promise<number> {
  const stdout = await rabbitmqctl('list_queues', 'name', '--no-table-headers').catch(
    (error: Error) => {
      throw new Error(
        `rabbitmqctl could not list the queues (${error.message.split('\n')[0]}); delete those named ${namespace}.* by hand`,
      );
    },
  );
  const queues = stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((name) => name.startsWith(`${namespace}.`));
  const failed: string[] = [];
  for (let i = 0; i < queues.length; i += 4)
    await Promise.all(
      queues
        .slice(i, i + 4)
        .map((queue) => rabbitmqctl('delete_queue', queue).catch(() => failed.push(queue))),
    );
  if (failed.length > 0)
    throw new Error(`rabbitmqctl could not delete ${failed.join(', ')}; delete them by hand`);
  return queues.length;
}
