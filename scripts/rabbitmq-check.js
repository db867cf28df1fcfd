#!/usr/bin/env node
// Proves RabbitMQ really serves AMQP (connect, declare, delete), and with --clean deletes the queues that
// test runs left behind (bt-/bench- names, no consumer): hundreds of idle quorum queues slow a small broker down.
const amqp = require('amqplib');

const url = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
const clean = process.argv.includes('--clean');
// Lines of `rabbitmqctl list_queues name consumers`: only queues nobody consumes are left behind.
const leftovers = (lines) =>
  lines
    .map((line) => line.split('\t'))
    .filter(([name, consumers]) => /^(bt-|bench-)/.test(name) && consumers === '0')
    .map(([name]) => name);

async function main() {
  const connection = await amqp.connect(url, { timeout: 5000 });
  const channel = await connection.createChannel();
  const probe = `bt-health-${process.pid}`;
  await channel.assertQueue(probe, { durable: false, autoDelete: true });
  await channel.deleteQueue(probe);
  if (clean) {
    const queues = require('fs').readFileSync(process.argv[3], 'utf8').split('\n');
    let deleted = 0;
    for (const q of leftovers(queues)) await channel.deleteQueue(q).then(() => deleted++);
    if (deleted) console.log(`[services] rabbitmq: deleted ${deleted} leftover test queues`);
  }
  await connection.close();
}

const timer = setTimeout(() => {
  console.error('[services] rabbitmq: no AMQP answer within 20s');
  process.exit(2);
}, 20_000);
main()
  .then(() => clearTimeout(timer))
  .catch((error) => {
    console.error(`[services] rabbitmq: AMQP check failed: ${error.message}`);
    process.exit(1);
  });
