import { createBus, EventBus } from '@backtrack/bus';
import { CliConfig, loadCliConfig } from '../config/cli-config';
import { BusSink } from './bus-sink';
import { EventSink } from './event-sink';
import { GatewaySink } from './gateway-sink';

export interface SinkFlags {
  server?: string;
  bus?: string;
  token?: string;
}

// A flag wins; then BACKTRACK_BUS / BACKTRACK_URL and the saved config, the bus first. Undefined: nowhere configured.
export function resolveSink(flags: SinkFlags): EventSink | undefined {
  if (flags.bus) return busSink(flags.bus);
  const config: CliConfig = loadCliConfig(flags);
  if (flags.server) return new GatewaySink(flags.server.replace(/\/+$/, ''), config.token);
  if (config.bus) return busSink(config.bus);
  if (config.server) return new GatewaySink(config.server, config.token);
  return undefined;
}

function busSink(url: string): EventSink {
  assertBusUrl(url);
  return new BusSink(url, connectBus);
}

// memory:// lives inside one process: events published there would never leave the recorder.
function assertBusUrl(url: string): void {
  if (!/^(amqps?|kafka):\/\/./i.test(url)) {
    throw new Error(
      `--bus must be an amqp://user:password@host:5672 or kafka://host:9092 URL, got ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//…@'))}`,
    );
  }
}

// BACKTRACK_BUS_NAMESPACE keeps deployments (and test runs) apart on one broker.
function connectBus(url: string): Promise<EventBus> {
  const namespace = process.env['BACKTRACK_BUS_NAMESPACE'] || undefined;
  return createBus(url, namespace ? { namespace } : {});
}
