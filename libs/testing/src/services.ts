import { randomBytes } from 'node:crypto';

// Tests reach real services through these; defaults are the local standard ports that scripts/services.sh brings up.
export const testServices = {
  databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  amqpUrl: process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672',
  kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
};

// A name no other test run uses, so suites can share one broker and one database server.
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
