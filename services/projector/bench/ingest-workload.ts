import { copyRows } from './copy-ceiling';
import { outputGenerator } from './terminal-output';
import { AgentBatch, agentBatches, terminalSession } from './terminal-sessions';

export interface IngestWorkload {
  sessionPrefix: string;
  sessions: AgentBatch[][];
  events: number;
  bytes: number;
  // The same events as COPY text rows, one chunk per batch; empty unless asked for.
  copyChunks: Buffer[];
}

const COMMANDS = [
  'npm run build',
  'npm test -- --watch=false',
  'npx tsc -p .',
  'git status',
  'make -j2',
];

// Many developers' terminals at once: `events` spread evenly over `sessions`, each cut into batches of up to 500.
export function ingestWorkload(
  sessionPrefix: string,
  events: number,
  sessions: number,
  options: { seed: number; withCopyRows: boolean },
): IngestWorkload {
  const workload: IngestWorkload = {
    sessionPrefix,
    sessions: [],
    events,
    bytes: 0,
    copyChunks: [],
  };
  const startAt = Date.now() - 3_600_000;
  for (let s = 0; s < sessions; s++) {
    const user = `dev${s % 100}`;
    const service = `service-${s % 20}`;
    const recorded = terminalSession({
      sessionId: `${sessionPrefix}${s}`,
      events: Math.floor(events / sessions) + (s < events % sessions ? 1 : 0),
      actor: { user, host: `${user}-laptop` },
      context: {
        repo: `acme/${service}`,
        branch: `feature/task-${s}`,
        cwd: `/home/${user}/work/${service}`,
      },
      startAt: startAt + s,
      stepMs: 20,
      output: outputGenerator(options.seed + s),
      commandLine: (command) => `${COMMANDS[command % COMMANDS.length]} # step ${command}`,
    });
    const batches = agentBatches(recorded, 500);
    workload.sessions.push(batches);
    for (const batch of batches) workload.bytes += batch.body.length;
    if (options.withCopyRows)
      for (let i = 0; i < recorded.length; i += 500)
        workload.copyChunks.push(copyRows(recorded.slice(i, i + 500)));
  }
  return workload;
}
