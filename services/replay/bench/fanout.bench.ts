// npm run bench:fanout — one live session fanned out to many WebSocket followers, deployed split as in production.
// Env: BENCH_FOLLOWERS (1000), BENCH_FOLLOWER_PROCESSES (2), BENCH_RATE events/s (1000), BENCH_SECONDS (30),
// BENCH_LINGER_MS (20), BENCH_COALESCE (1; 0 = a POST per batch, as the recorder), BENCH_VIA_GATEWAY (0; 1 = followers
// go through the gateway's forwarding), BENCH_CPU_PROF=<dir> (profiles). Needs `bash scripts/services.sh up`.
//
// The gateway, projector and replay run as their own processes on a fresh database and a RabbitMQ namespace of their
// own; the bench POSTs the session's output to the gateway's ingest one request at a time, as the recorder does, and
// child processes of followers read the replay's follow endpoint. Prints capture-to-follower latency (event made ->
// follower got it) and the gateway's and replay's peak RSS against the targets of issue 4. Nothing is asserted.
import { loadavg } from 'node:os';
import { testing } from '@backtrack/store';
import { freePort, testServices, uniqueName } from '@backtrack/testing';
import { AMQP_HELLO, assertReachable, deleteNamespaceQueues } from './bench-broker';
import { CaptureAgent } from './capture-agent';
import { printFigures } from './fanout-report';
import { FollowerPool } from './follower-pool';
import { CpuTime, cpuTimeOf, megabytes, memoryOf, MemorySampler } from './proc-stats';
import {
  runCommand,
  ServiceName,
  serviceArgv,
  serviceCode,
  ServiceProcess,
} from './service-process';

const USER = 'ada';

function knob(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw.replace(/[_,]/g, ''));
  if (!Number.isFinite(value) || value < min)
    throw new Error(`${name} must be a number >= ${min} (got "${raw}")`);
  return value;
}

const config = {
  followers: Math.round(knob('BENCH_FOLLOWERS', 1000, 1)),
  followerProcesses: Math.round(knob('BENCH_FOLLOWER_PROCESSES', 2, 1)),
  rate: knob('BENCH_RATE', 1000, 1),
  seconds: knob('BENCH_SECONDS', 30, 1),
  lingerMs: knob('BENCH_LINGER_MS', 20, 0),
  coalesce: knob('BENCH_COALESCE', 1, 0) !== 0,
  viaGateway: knob('BENCH_VIA_GATEWAY', 0, 0) !== 0,
  cpuProfDir: process.env['BENCH_CPU_PROF'] || undefined,
};

const print = (line: string) => console.log(line);
const n = (value: number) => Math.round(value).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The environment an operator's shell would give the services: ours, minus Backtrack settings of this machine.
function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('BACKTRACK_') && !key.startsWith('BENCH_'))
      env[key] = value;
  return { ...env, ...extra };
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

async function main(): Promise<void> {
  await assertReachable('PostgreSQL', testServices.databaseUrl, 5432);
  await assertReachable('RabbitMQ', testServices.amqpUrl, 5672, AMQP_HELLO);
  const cleanups: Array<[string, () => Promise<void> | void]> = [];
  const cleanUp = async () => {
    for (const [what, cleanup] of cleanups.splice(0).reverse())
      await Promise.resolve(cleanup()).catch((error: Error) =>
        console.error(`cleanup: ${what} failed: ${error.message}`),
      );
  };
  // Ctrl-C still drops the database and the namespace's queues.
  process.once('SIGINT', () => {
    console.error('bench:fanout: interrupted, cleaning up');
    void cleanUp().finally(() => process.exit(130));
  });
  try {
    await bench(cleanups);
  } finally {
    await cleanUp();
  }
}

async function bench(cleanups: Array<[string, () => Promise<void> | void]>): Promise<void> {
  const namespace = uniqueName('bench-fanout');
  const db = await testing.createTestDatabase({ poolSize: 1 });
  cleanups.push(['drop the database', () => db.drop()]);
  cleanups.push([
    "delete the namespace's RabbitMQ queues",
    () => deleteNamespaceQueues(namespace).then(() => undefined),
  ]);

  const env = serviceEnv({
    DATABASE_URL: db.url,
    BACKTRACK_BUS: testServices.amqpUrl,
    BACKTRACK_BUS_NAMESPACE: namespace,
    HOST: '127.0.0.1',
  });
  const admin = (...args: string[]) => runCommand(serviceArgv('gateway', ...args), env);
  await admin('create-team', 'bench');
  await admin('create-user', USER, '--team', 'bench');
  const token = await admin('create-token', USER);

  const [gatewayPort, replayPort] = [await freePort(), await freePort()];
  const profile = (service: string) =>
    config.cpuProfDir && service !== 'projector'
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${config.cpuProfDir}`,
          `--cpu-prof-name=${service}.cpuprofile`,
        ]
      : [];
  const specs: Array<{ name: ServiceName; args: string[]; port?: number; ready: string }> = [
    { name: 'projector', args: ['run'], ready: 'projector: consuming' },
    { name: 'gateway', args: ['serve'], port: gatewayPort, ready: 'gateway: listening' },
    { name: 'replay', args: [], port: replayPort, ready: 'replay: listening' },
  ];
  print(
    `starting ${specs.map((s) => `${s.name} (${serviceCode(s.name)})`).join(', ')} on ${db.name}, RabbitMQ namespace ${namespace}`,
  );
  const started = await Promise.allSettled(
    specs.map((spec) =>
      ServiceProcess.start({
        name: spec.name,
        argv: serviceArgv(spec.name, ...spec.args),
        env: {
          ...env,
          ...(spec.port ? { PORT: String(spec.port) } : {}),
          REPLAY_INSTANCE_ID: namespace,
          // Where the gateway forwards follow and play (used when BENCH_VIA_GATEWAY=1).
          BACKTRACK_REPLAY_URL: `http://127.0.0.1:${replayPort}`,
        },
        ready: spec.ready,
        nodeFlags: profile(spec.name),
      }),
    ),
  );
  const services = new Map<ServiceName, ServiceProcess>();
  for (const result of started)
    if (result.status === 'fulfilled') services.set(result.value.name, result.value);
  cleanups.push([
    'stop the services',
    () => Promise.all([...services.values()].map((s) => s.stop())).then(() => undefined),
  ]);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;

  const agent = new CaptureAgent({
    gatewayUrl,
    token,
    user: USER,
    rate: config.rate,
    lingerMs: config.lingerMs,
    coalesce: config.coalesce,
  });
  await agent.startSession();
  // Followers are authorised by the session's owner, which the projector records: wait for it.
  await until('the projector stored the session', 30_000, async () => {
    const response = await fetch(`${gatewayUrl}/api/v1/sessions/${agent.sessionId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.arrayBuffer();
    return response.status === 200;
  });

  const followers = new FollowerPool(config.followerProcesses, (i) =>
    profile(`followers-${i + 1}`),
  );
  cleanups.push(['stop the followers', () => followers.stop()]);
  const pids = new Map<string, number>([
    ...[...services].map(([name, service]) => [name, service.pid] as [string, number]),
    ...followers.pids(),
  ]);
  const memory = new MemorySampler(pids);
  cleanups.push(['stop sampling', () => memory.stop()]);

  const connectStarted = Date.now();
  followers.start(
    {
      url: `ws://127.0.0.1:${config.viaGateway ? gatewayPort : replayPort}/api/v1/sessions/${encodeURIComponent(agent.sessionId)}/follow?after=${agent.lastSeq}`,
      token,
      after: agent.lastSeq,
      connectConcurrency: 25,
    },
    config.followers,
  );
  let lastConnectLine = 0;
  await until('the followers connected', 300_000, () => {
    const { connected, refused } = followers.latest;
    if (Date.now() - lastConnectLine >= 1000) {
      lastConnectLine = Date.now();
      print(`  connected ${connected}/${config.followers}${refused ? `, ${refused} refused` : ''}`);
    }
    return connected + refused >= config.followers;
  });
  const { connected, refused } = followers.latest;
  print(
    `followers: ${connected}/${config.followers} connected${config.viaGateway ? ' through the gateway' : ' to the replay'} in ${((Date.now() - connectStarted) / 1000).toFixed(1)} s` +
      (refused ? `, ${refused} refused` : ''),
  );
  if (connected === 0) throw new Error('no follower could connect');

  const loadBefore = loadavg()[0]!;
  const cpuBefore = cpuSnapshot(pids);
  const cpuWindowStart = performance.now();
  const benchCpuBefore = process.cpuUsage();
  print(
    `producing ${n(config.rate)} output events/s for ${config.seconds} s (agent linger ${config.lingerMs} ms, ` +
      `${config.coalesce ? 'batches queued behind a POST go out together' : 'one POST per batch'})`,
  );
  const producedMs = await agent.produce(config.seconds, (elapsedMs) =>
    print(
      `  ${(elapsedMs / 1000).toFixed(0)} s: published ${n(agent.posted)} events; followers got ${n(followers.latest.events)} ` +
        `(${followers.latest.open} open); RSS gateway ${megabytes(memory.now('gateway'))}, replay ${megabytes(memory.now('replay'))}`,
    ),
  );
  await agent.endSession();
  await until('the followers got the end', 60_000, () => {
    const { ended, open } = followers.latest;
    return ended >= connected || open === 0;
  }).catch((error: Error) => print(`  ${error.message}; reporting what arrived`));
  const cpuAfter = cpuSnapshot(pids);
  const cpuWindowSeconds = (performance.now() - cpuWindowStart) / 1000;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  memory.sample();
  const peaks = new Map([...pids].map(([name, pid]) => [name, memoryOf(pid)?.peakRssBytes ?? 0]));
  const report = await followers.report(agent.lastSeq);
  const wallSeconds = (Date.now() - connectStarted) / 1000;

  printFigures(
    {
      rate: config.rate,
      seconds: config.seconds,
      agent,
      report,
      producedMs,
      connected,
      peaks,
      mostSampled: memory.most,
      followerNames: followers.pids().map(([name]) => name),
      cpu: cpuShares(pids, cpuBefore, cpuAfter, cpuWindowSeconds),
      cpuWindowSeconds,
      benchCpuSeconds: (benchCpu.user + benchCpu.system) / 1e6,
      wallSeconds,
      loadBefore,
    },
    print,
  );
}

function cpuSnapshot(pids: Map<string, number>): Map<string, CpuTime | undefined> {
  return new Map([...pids].map(([name, pid]) => [name, cpuTimeOf(pid)]));
}

// Each process's CPU over the window, in its own code and in the kernel.
function cpuShares(
  pids: Map<string, number>,
  before: Map<string, CpuTime | undefined>,
  after: Map<string, CpuTime | undefined>,
  seconds: number,
): Array<{ name: string; share?: number; kernelShare?: number }> {
  return [...pids.keys()].map((name) => {
    const [from, to] = [before.get(name), after.get(name)];
    if (!from || !to) return { name };
    const kernel = to.system - from.system;
    return { name, share: (to.user - from.user + kernel) / seconds, kernelShare: kernel / seconds };
  });
}

main().catch((error: Error) => {
  console.error(`bench:fanout: ${error.message}`);
  process.exitCode = 1;
});
