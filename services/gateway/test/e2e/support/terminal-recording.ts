import { expectEventually } from '@backtrack/testing';
import { TmuxTerminal } from '@backtrack/testing';

const PROMPT = '$';
const STARTED = /backtrack follow (\S+)$/;
const EXITED = /^recorder exited with (\d+)$/;

// `backtrack record` running bash in a real terminal; the user types a line at each prompt, as a person would.
export class TerminalRecording {
  private announced: string | undefined;

  constructor(readonly terminal: TmuxTerminal) {}

  // Bash is ready once its first prompt is on the screen.
  async ready(): Promise<void> {
    await expectEventually(() => expect(this.terminal.lines().at(-1)).toBe(PROMPT), {
      timeoutMs: 60_000,
    });
    void this.sessionId;
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

  // Types `clear`: the screen is then the prompt alone, on the recorder's terminal as on every follower's.
  async clear(): Promise<void> {
    this.terminal.type('clear');
    await expectEventually(() => expect(this.terminal.lines()).toEqual([PROMPT]));
  }

  // Types `exit` and waits for the recorder to end; resolves with its exit code and its closing line.
  async exit(): Promise<{ exitCode: number; lastLine: string }> {
    this.terminal.type('exit');
    return this.exited();
  }

  // Waits for the recorder to end, however the shell was told to exit.
  exited(timeoutMs = 30_000): Promise<{ exitCode: number; lastLine: string }> {
    return expectEventually(
      () => {
        const lines = this.terminal.lines();
        const exited = lines.findIndex((line) => EXITED.test(line));
        expect(exited).toBeGreaterThan(0);
        return { exitCode: Number(EXITED.exec(lines[exited]!)![1]), lastLine: lines[exited - 1]! };
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  // The session id the recorder announced on its first line (read once: `clear` wipes it).
  get sessionId(): string {
    this.announced ??= STARTED.exec(this.terminal.lines()[0] ?? '')?.[1];
    if (!this.announced) throw new Error(`the recorder announced no session:\n${this.screen}`);
    return this.announced;
  }

  get screen(): string {
    return this.terminal.lines().join('\n');
  }

  close(): void {
    this.terminal.close();
  }

  // Counted over the scrollback too: output longer than the screen scrolls earlier prompts out of view.
  private promptCount(): number {
    return this.terminal
      .lines({ scrollback: true })
      .filter((line) => line === PROMPT || line.startsWith(`${PROMPT} `)).length;
  }
}
