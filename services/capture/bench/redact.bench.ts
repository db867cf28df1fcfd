// Prints how fast terminal output is redacted: 100 MB of mixed text (real source files, logs, coloured test output),
// one-shot and streamed in PTY-sized chunks, then the same text with a fake secret every ~64 KiB.
// Run: npm run bench:redact   (node -r @swc-node/register services/capture/bench/redact.bench.ts)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRedactor, createStreamRedactor, type Redactor } from '../src/redact-secrets';

const TOTAL = 100 * 1024 * 1024;
const ROOT = join(__dirname, '../../..');
const SOURCE_PACKAGES = [
  'typescript/lib',
  'axios',
  'amqplib',
  '@nestjs/core',
  'commander',
  'ajv',
  'zod',
  'jest-config',
];

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chars = (alphabet: string, n: number) => {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
};
const hex = (n: number) => chars('0123456789abcdef', n);

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 4 || files.length > 400) return;
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path, depth + 1);
      else if (/\.(js|ts|md|json)$/.test(entry) && statSync(path).size < 10_000_000)
        files.push(path);
    }
  };
  for (const pkg of SOURCE_PACKAGES) {
    const dir = join(ROOT, 'node_modules', pkg);
    if (existsSync(dir)) walk(dir, 0);
  }
  return files;
}

const logLine = () =>
  pick([
    () =>
      `2024-05-0${1 + Math.floor(random() * 9)}T12:${10 + Math.floor(random() * 49)}:01.123Z ${pick(['INFO', 'WARN', 'DEBUG'])} ` +
      `[${pick(['http', 'db', 'worker'])}] request ${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)} completed in ` +
      `${Math.floor(random() * 900)}ms url=https://api.example.com/v1/items?page=${Math.floor(random() * 9)}&sort=desc`,
    () =>
      `${hex(40)} ${pick(['fix: token refresh race', 'feat: add password reset', 'chore: bump deps'])} (origin/main)`,
    () =>
      `\x1b[32m✓\x1b[0m ${pick(['renders the page', 'rejects a bad password', 'parses headers'])} \x1b[2m(${Math.floor(random() * 90)} ms)\x1b[0m`,
    () =>
      `{"level":30,"time":${1714000000000 + Math.floor(random() * 1e9)},"msg":"session started","sessionId":"${hex(32)}","user":"dev@example.com"}`,
    () =>
      `drwxr-xr-x  5 dev dev  4096 May  3 12:01 \x1b[01;34m${pick(['src', 'node_modules', 'dist'])}\x1b[0m`,
    () => chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 76),
    () =>
      `ssh git@github.com: connection to ${pick(['10.0.0.4', 'build-01'])} closed; sk-learn ${pick(['1.4.2', '1.5.0'])} installed`,
  ])();

export function mixedText(): string {
  const sources = sourceFiles().map((f) => readFileSync(f, 'utf8'));
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < TOTAL; i++) {
    const source = sources.length > 0 ? sources[i % sources.length]!.slice(0, 256 * 1024) : '';
    const logs = Array.from({ length: 400 }, logLine).join('\n') + '\n';
    parts.push(source, logs);
    size += source.length + logs.length;
  }
  return parts.join('').slice(0, TOTAL);
}

// Fake values, assembled so the source file itself holds no secret-shaped literal.
const FAKE_SECRETS = [
  'AKIA' + 'IOSFODNN7EXAMPLE',
  'gh' + 'p_' + 'FAKEfake0123456789FAKEfake0123456789',
  'password=' + 'hunter2',
  'https://deploy:' + 'not-a-real-pass@git.example.com/x.git',
  'Authorization: Bearer ' + 'fakefakefakefakefakefake',
];

function withSecrets(text: string): string {
  const parts: string[] = [];
  for (let i = 0, n = 0; i < text.length; i += 64 * 1024, n++) {
    parts.push(text.slice(i, i + 64 * 1024), ` ${FAKE_SECRETS[n % FAKE_SECRETS.length]} `);
  }
  return parts.join('');
}

// Wall-clock MB/s, and MB/s per CPU-second (what the figure would be on an idle machine: this one is shared).
function measure(label: string, bytes: number, run: () => number): void {
  run(); // warm-up: regexes get compiled to native code on first use
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const hits = run();
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const mb = bytes / 1024 / 1024;
  const rate = (s: number) => (mb / s).toFixed(0).padStart(5);
  console.log(
    `${label.padEnd(46)} ${rate(seconds)} MB/s wall ${rate(cpuSeconds)} MB/s cpu  (${mb.toFixed(0)} MB, ${hits} redactions)`,
  );
}

function oneShot(redactor: Redactor, text: string, chunkSize: number): () => number {
  return () => {
    let hits = 0;
    for (let i = 0; i < text.length; i += chunkSize)
      hits += redactor.redact(text.slice(i, i + chunkSize)).hits;
    return hits;
  };
}

function streamed(redactor: Redactor, text: string, chunkSize: number): () => number {
  return () => {
    const stream = createStreamRedactor(redactor);
    for (let i = 0; i < text.length; i += chunkSize) stream.push(text.slice(i, i + chunkSize));
    stream.flush();
    return stream.stats().hits;
  };
}

function main(): void {
  const redactor = createRedactor();
  const text = mixedText();
  const secrets = withSecrets(text);
  console.log(
    `redaction benchmark: ${redactor.ruleNames.length} rules, ${(text.length / 1048576).toFixed(0)} MB of mixed text`,
  );
  measure('one-shot redact, 64 KiB pieces', text.length, oneShot(redactor, text, 64 * 1024));
  measure('stream, 64 KiB chunks', text.length, streamed(redactor, text, 64 * 1024));
  measure('stream, 4 KiB chunks', text.length, streamed(redactor, text, 4 * 1024));
  measure(
    'stream, 64 KiB chunks, a secret every 64 KiB',
    secrets.length,
    streamed(redactor, secrets, 64 * 1024),
  );
  const byRule = new Map<string, number>();
  for (let i = 0; i < text.length; i += 64 * 1024) {
    for (const span of redactor.scan(text.slice(i, i + 64 * 1024)).spans)
      byRule.set(span.rule, (byRule.get(span.rule) ?? 0) + 1);
  }
  console.log(
    `redactions in the secret-free text (look-alikes in real source): ${JSON.stringify(Object.fromEntries(byRule))}`,
  );
}

if (require.main === module) main();
