import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testing } from '@backtrack/store';
import {
  freePort,
  runOnce,
  serviceArgv,
  serviceEnv,
  ServiceProcess,
  testServices,
} from '@backtrack/testing';
import { BusName, BusUnderTest } from './bus-under-test';

export type DeploymentName = 'embedded' | BusName;

// Backtrack as an operator runs it: one `backtrack-gateway start`, or gateway, projector and replay as processes
// of their own on a broker and Postgres. Either way, users reach it at `url` only.
export interface Deployment {
  readonly name: DeploymentName;
  readonly url: string;
  // `backtrack-gateway <args>` against this deployment's database; what it printed on stdout.
  admin(...args: string[]): Promise<string>;
  dispose(): Promise<void>;
}

export function startDeployment(name: DeploymentName): Promise<Deployment> {
  if (name === 'embedded') return EmbeddedDeployment.start();
  const broker =
    name === 'RabbitMQ' ? testServices.amqpUrl : `kafka://${testServices.kafkaBrokers.join(',')}`;
  return SplitDeployment.start(name, broker);
}

// `npm start`: everything in one process on the embedded Postgres and the in-process bus.
class EmbeddedDeployment implements Deployment {
  readonly name = 'embedded';

  private constructor(
    private readonly home: string,
    private readonly server: ServiceProcess,
    readonly url: string,
  ) {}

  static async start(): Promise<EmbeddedDeployment> {
    const home = mkdtempSync(join(tmpdir(), 'backtrack-e2e-embedded-'));
    const server = await ServiceProcess.start(
      serviceArgv('gateway', 'start', '--port', '0'),
      serviceEnv({ BACKTRACK_HOME: home }),
      'ready in',
    );
    const url = /Backtrack is running at (\S+)/.exec(server.printed)?.[1];
    if (!url) throw new Error(`backtrack-gateway start printed no URL:\n${server.printed}`);
    return new EmbeddedDeployment(home, server, url);
  }

  // No DATABASE_URL: the admin commands reach the running server's embedded database through its data folder.
  admin(...args: string[]): Promise<string> {
    return admin(args, { BACKTRACK_HOME: this.home });
  }

  async dispose(): Promise<void> {
    await this.server.stop();
    rmSync(this.home, { recursive: true, force: true });
  }
}

// The split deployment: projector, replay and gateway processes on a broker (a namespace of its own) and Postgres.
class SplitDeployment implements Deployment {
  private readonly services: ServiceProcess[] = [];
  url = '';

  private constructor(
    readonly name: BusName,
    private readonly bus: BusUnderTest,
    private readonly db: testing.TestDatabase,
  ) {}

  static async start(name: BusName, brokerUrl: string): Promise<SplitDeployment> {
    const bus = await BusUnderTest.open(name, brokerUrl);
    const db = await testing.createTestDatabase({
      serverUrl: testServices.databaseUrl,
      poolSize: 1,
    });
    const deployment = new SplitDeployment(name, bus, db);
    try {
      await deployment.startServices();
    } catch (error) {
      await deployment.dispose();
      throw error;
    }
    return deployment;
  }

  admin(...args: string[]): Promise<string> {
    return admin(args, { DATABASE_URL: this.db.url });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.services.map((service) => service.stop()));
    await this.bus.remove();
    await this.db.drop();
  }

  private async startServices(): Promise<void> {
    const [replayPort, gatewayPort] = [await freePort(), await freePort()];
    const env = {
      DATABASE_URL: this.db.url,
      BACKTRACK_BUS: this.bus.url,
      BACKTRACK_BUS_NAMESPACE: this.bus.namespace,
      HOST: '127.0.0.1',
    };
    const start = (
      service: 'projector' | 'replay' | 'gateway',
      args: string[],
      extra: object,
      ready: string,
    ) =>
      ServiceProcess.start(
        serviceArgv(service, ...args),
        serviceEnv({ ...env, ...extra }),
        ready,
      ).then((process) => this.services.push(process));
    // Migrations run once, by the projector, before the others connect.
    await start('projector', ['run'], {}, 'projector: consuming');
    await Promise.all([
      start('replay', [], { PORT: String(replayPort) }, 'replay: listening on'),
      start(
        'gateway',
        ['serve'],
        { PORT: String(gatewayPort), BACKTRACK_REPLAY_URL: `http://127.0.0.1:${replayPort}` },
        'gateway: listening on',
      ),
    ]);
    this.url = `http://127.0.0.1:${gatewayPort}`;
  }
}

async function admin(args: string[], env: Record<string, string>): Promise<string> {
  const run = await runOnce(serviceArgv('gateway', ...args), serviceEnv(env));
  if (run.code !== 0) throw new Error(`backtrack-gateway ${args.join(' ')} failed:\n${run.stderr}`);
  return run.stdout.trim();
}
