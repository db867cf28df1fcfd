import { expectEventually } from '@backtrack/testing';
import { TmuxTerminal } from './tmux-terminal';

const PROMPT = '$';
const STARTED = /backtrack follow (\S+)$/;
const EXITED = /^recorder exited with (\d+)$/;

// `backtrack record` running bash in a real terminal; the user types a line at each prompt, as a person would.
export class TerminalRecording {
  constructor(private readonly terminal: TmuxTerminal) {}

  // Bash is ready once its first prompt is on the screen.
  async ready(): Promise<void> {
    await expectEventually(() => expect(this.terminal.lines().at(-1)).toBe(PROMPT), {
      timeoutMs: 60_000,
    });
  }

  // Types the line and waits for the next prompt: the command has finished.
  async run(line: string): Promise<void> {
    const prompts = this.promptCount();
    this.terminal.type(line);
    await expectEventually(() => {
      expect(this.terminal.lines().at(-1)).toBe(PROMPT);
      expect(this.promptCount()).toBe(prompts + 1);
    });
  }

  // Types `exit` and waits for the recorder to end; resolves with its exit code and its closing line.
  async exit(): Promise<{ exitCode: number; lastLine: string }> {
    this.terminal.type('exit');
    return expectEventually(
      () => {
        const lines = this.terminal.lines();
        const exited = lines.findIndex((line) => EXITED.test(line));
        expect(exited).toBeGreaterThan(0);
        return { exitCode: Number(EXITED.exec(lines[exited]!)![1]), lastLine: lines[exited - 1]! };
      },
      { timeoutMs: 30_000 },
    );
  }

  // The session id the recorder announced on its first line.
  get sessionId(): string {
    const id = STARTED.exec(this.terminal.lines()[0] ?? '')?.[1];
    if (!id) throw new Error(`the recorder announced no session:\n${this.screen}`);
    return id;
  }

  get screen(): string {
    return this.terminal.lines().join('\n');
  }

  close(): void {
    this.terminal.close();
  }

  private promptCount(): number {
    return this.terminal.lines().filter((line) => line === PROMPT || line.startsWith(`${PROMPT} `))
      .length;
  }
}
