import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

// Node cannot read terminal settings, so a small long-lived perl process answers, per request, whether the PTY has
// ECHO on (tcgetattr on the slave device, about 0.5 ms a question). Perl ships with every Linux and macOS.
const PROBE_SCRIPT = String.raw`
use strict; use POSIX qw(:termios_h); use Fcntl;
$| = 1;
my $termios = POSIX::Termios->new;
while (my $path = <STDIN>) {
  chomp $path;
  my $fh;
  if (sysopen($fh, $path, O_RDONLY | O_NOCTTY | O_NONBLOCK) && defined $termios->getattr(fileno($fh))) {
    print(($termios->getlflag & ECHO) ? "on\n" : "off\n");
  } else {
    print "unknown\n";
  }
  close($fh) if $fh;
}`;

const ANSWER_TIMEOUT_MS = 250;

export interface EchoProbe {
  // False when echo is off, and also whenever the answer is unknown: typed input is then not recorded.
  isEchoOn(): Promise<boolean>;
  close(): void;
}

export function startEchoProbe(slavePath: string): EchoProbe {
  let helper: ChildProcessWithoutNullStreams | undefined;
  const waiting: Array<(on: boolean) => void> = [];
  let buffered = '';
  const answer = (on: boolean) => waiting.shift()?.(on);
  try {
    helper = spawn('perl', ['-e', PROBE_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    helper.on('error', () => {
      helper = undefined;
      while (waiting.length > 0) answer(false);
    });
    helper.stdout.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
        answer(buffered.slice(0, nl) === 'on');
        buffered = buffered.slice(nl + 1);
      }
    });
  } catch {
    helper = undefined;
  }
  return {
    isEchoOn: () =>
      new Promise<boolean>((resolve) => {
        if (!helper) return resolve(false);
        let settled = false;
        const settle = (on: boolean) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(on);
        };
        const timer = setTimeout(() => settle(false), ANSWER_TIMEOUT_MS);
        waiting.push(settle);
        helper.stdin.write(`${slavePath}\n`);
      }),
    close: () => {
      helper?.stdin.end();
      helper = undefined;
    },
  };
}
