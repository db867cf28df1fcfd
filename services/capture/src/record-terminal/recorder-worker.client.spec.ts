import { AnyEvent, decodeBatch, Envelope, EventType, uuidv7 } from '@backtrack/events';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitSandbox } from '../../test/support/git-sandbox';
import { shellOutput } from '../../test/support/shell-output';
import { spoolFiles } from '../spool/spool-paths';
import { FromRecorder, ToRecorder } from './recorder-messages';
import { serveRecorder } from './recorder-service';
import { RecorderChannel, RecorderWorker, RecordingOutcome } from './recorder-worker.client';
import { PipelineOptions } from './recording-pipeline';

const NONCE = 'fedcba9876543210';
const shell = shellOutput(NONCE);

// The real main-thread client and the real recorder, with the recorder held back: it handles nothing until
// `recorderCatchesUp`, as a worker starved of CPU would. The terminal and git meanwhile go on.
class LaggingRecorderContext {
  readonly sessionId = uuidv7();
  readonly recording: RecorderWorker;
  private readonly spoolDir: string;
  private readonly held: ToRecorder[] = [];
  private readonly serve: (message: ToRecorder) => void;
  private replyTo: (message: FromRecorder) => void = () => undefined;
  private ending: Promise<RecordingOutcome> | undefined;
  private clock = 1_700_000_000_000;

  constructor(sandbox: GitSandbox, cwd: string) {
    this.spoolDir = join(sandbox.root, `spool-${this.sessionId}`);
    const options: PipelineOptions = {
      sessionId: this.sessionId,
      nonce: NONCE,
      actor: { user: 'ada', host: 'laptop' },
      sink: {},
      offline: true,
      spoolDir: this.spoolDir,
      deliveryGraceMs: 0,
    };
    this.serve = serveRecorder(options, (message) => this.replyTo(message));
    const channel: RecorderChannel = {
      // Cloned as postMessage would: the recorder sees only what the message carries.
      send: (message) => this.held.push(structuredClone(message)),
      onReply: (handler) => (this.replyTo = handler),
      close: async () => undefined,
    };
    this.recording = new RecorderWorker(options, channel);
    this.recording.start({ cwd, cols: 80, rows: 24, shell: '/bin/bash' }, this.tick());
  }

  print(text: string): void {
    this.recording.printed(Buffer.from(text), this.tick());
  }

  // Prompt, command, output, exit code, as the terminal prints them; `act` is what the command does meanwhile.
  run(cwd: string, line: string, output: string, act: () => void = () => undefined): void {
    this.print(shell.prompt(cwd) + line);
    this.print(shell.commandStart(line));
    act();
    this.print(`\r\n${output}`);
    this.print(shell.commandEnd(0));
  }

  endSession(): void {
    this.ending = this.recording.end(0, 'exited', this.tick());
  }

  async recorderCatchesUp(): Promise<AnyEvent[]> {
    expect(this.ending).toBeDefined();
    for (const message of this.held.splice(0)) this.serve(message);
    const outcome = await this.ending!;
    if (!outcome.ok) throw new Error(`the recording failed: ${outcome.message}`);
    return readFileSync(spoolFiles(this.spoolDir, this.sessionId).batches, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .flatMap((line) => decodeBatch(line).events);
  }

  private tick(): number {
    return (this.clock += 10);
  }
}

const ofType = <T extends EventType>(events: AnyEvent[], type: T) =>
  events.filter((event) => event.type === type) as unknown as Envelope<T>[];

describe('RecorderWorker, with a recorder that falls behind the terminal', () => {
  const sandbox = new GitSandbox();
  afterAll(() => sandbox.cleanup());

  it('gives every event the branch in effect when the terminal printed it, not when the recorder got to it', async () => {
    const repo = sandbox.repo('shop', 'feat/x');
    const sub = join(repo, 'sub');
    mkdirSync(sub);
    const ctx = new LaggingRecorderContext(sandbox, repo);
    ctx.run(repo, 'echo hello', 'hello\r\n');
    ctx.run(repo, 'cd sub', '');
    ctx.run(sub, 'git checkout -b feat/y', "Switched to a new branch 'feat/y'\r\n", () =>
      sandbox.git(repo, 'checkout', '-q', '-b', 'feat/y'),
    );
    ctx.run(sub, 'ls', '');
    ctx.print(shell.prompt(sub));
    ctx.endSession();
    sandbox.git(repo, 'checkout', '-q', '-b', 'after-the-session');

    const events = await ctx.recorderCatchesUp();
    expect(ofType(events, 'session.started')[0]!.context).toMatchObject({
      repo: 'shop',
      branch: 'feat/x',
      cwd: repo,
    });
    expect(
      ofType(events, 'terminal.command.started').map((event) => [
        event.payload.commandLine,
        event.context?.branch,
      ]),
    ).toEqual([
      ['echo hello', 'feat/x'],
      ['cd sub', 'feat/x'],
      ['git checkout -b feat/y', 'feat/x'],
      ['ls', 'feat/y'],
    ]);
    expect(ofType(events, 'git.head.changed').map((event) => event.payload)).toEqual([
      {
        branch: 'feat/y',
        previousBranch: 'feat/x',
        commit: sandbox.head(repo),
        previousCommit: sandbox.head(repo),
      },
    ]);
    expect(events.find((event) => event.context?.branch === 'feat/y')?.type).toBe(
      'git.head.changed',
    );
    expect(events.at(-1)).toMatchObject({ type: 'session.ended', context: { branch: 'feat/y' } });
  });

  it('reads the repository the shell moved into when it said so, though its branch changed before the recorder got there', async () => {
    const shop = sandbox.repo('shop-app', 'main');
    const docs = sandbox.repo('docs-site', 'draft');
    const ctx = new LaggingRecorderContext(sandbox, shop);
    ctx.run(shop, 'cd ../docs-site', '');
    ctx.print(shell.prompt(docs));
    sandbox.git(docs, 'checkout', '-q', '-b', 'from-the-ide');
    ctx.print('\r\n' + shell.prompt(docs));
    ctx.endSession();
    sandbox.git(docs, 'checkout', '-q', '-b', 'after-the-session');

    const events = await ctx.recorderCatchesUp();
    const contexts = events.map((event) => [
      event.type,
      event.context?.repo,
      event.context?.branch,
    ]);
    const firstInDocs = contexts.findIndex(([, repo]) => repo === 'docs-site');
    expect(contexts.slice(0, firstInDocs).every(([, repo]) => repo === 'shop-app')).toBe(true);
    expect(contexts[firstInDocs]![2]).toBe('draft');
    const moves = ofType(events, 'git.head.changed').map((event) => event.payload);
    expect(moves.at(-1)).toMatchObject({ branch: 'from-the-ide', previousBranch: 'draft' });
    expect(events.at(-1)).toMatchObject({
      type: 'session.ended',
      context: { repo: 'docs-site', branch: 'from-the-ide' },
    });
  });
});
