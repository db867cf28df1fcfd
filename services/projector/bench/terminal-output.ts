// Terminal output chunks the way a PTY hands them to the recorder: a few lines of build/test log with colour codes.
const MODULES = ['auth', 'billing', 'events', 'gateway', 'replay', 'search', 'storage', 'ui'];

const LINES: Array<(n: number, module: string) => string> = [
  (n, m) =>
    ` \x1b[32m✓\x1b[39m src/${m}/handler-${n % 97}.spec.ts \x1b[2m(${n % 900} ms)\x1b[22m\r\n`,
  (n, m) =>
    `\x1b[1m\x1b[31merror\x1b[39m\x1b[22m TS2345: Argument of type 'string' is not assignable to parameter of type 'number'. src/${m}/model.ts:${n % 400}:7\r\n`,
  (n, m) =>
    `asset ${m}.bundle.js ${(n % 900) / 10} KiB \x1b[1m\x1b[32m[emitted]\x1b[39m\x1b[22m (name: ${m})\r\n`,
  (n) =>
    `\x1b[33mnpm WARN\x1b[39m deprecated inflight@1.0.${n % 7}: This module is not supported, and leaks memory.\r\n`,
  (n, m) =>
    `[${String(n % 60).padStart(2, '0')}:14:07] Finished '${m}:compile' after ${n % 300} ms\r\n`,
  (n, m) => `    at Object.<anonymous> (/home/dev/work/app/src/${m}/service.ts:${n % 300}:19)\r\n`,
];

// Seeded so that every run and every bus gets the same output.
export function outputGenerator(
  seed: number,
  minChars = 100,
  maxChars = 300,
): (n: number) => string {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  return (n) => {
    const length = minChars + Math.floor(random() * (maxChars - minChars + 1));
    let text = '';
    while (text.length < length) {
      const line = LINES[Math.floor(random() * LINES.length)]!;
      text += line(n, MODULES[Math.floor(random() * MODULES.length)]!);
    }
    return text.slice(0, length);
  };
}
