import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { expectEventually, ServiceProcess, TmuxTerminal } from '@backtrack/testing';
import {
  launchChromium,
  openPage,
  saveScreenshot,
  screenText,
} from '../share-links/share-page-browser';
import { DeploymentName } from './support/deployment';
import { FollowPlayShareContext, Json, Person } from './support/follow-play-share-context';
import { TerminalRecording } from './support/terminal-recording';

// Issue 4's "done when", as a new user tries it, on each way Backtrack runs: `npm start` (embedded Postgres, the
// in-process bus), and gateway + projector + replay processes on RabbitMQ or Kafka with Postgres.
const DEPLOYMENTS: DeploymentName[] = ['embedded', 'RabbitMQ', 'Kafka'];

const slowly = { timeoutMs: 60_000, intervalMs: 200 };

type ServerMessage = { type: string; seq?: number; events?: Array<{ seq: number }> };

const seqsOf = (cli: ServiceProcess) =>
  cli
    .jsonLines<ServerMessage>()
    .flatMap((m) => (m.type === 'events' ? m.events!.map((e) => e.seq) : []));

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(DEPLOYMENTS)('follow, replay and share a session (%s)', (deployment) => {
  let ctx: FollowPlayShareContext;
  let ada: Person;
  let bea: Person;
  let eve: Person;
  let recording: TerminalRecording;
  let paused: TerminalRecording;

  beforeAll(async () => {
    ctx = await FollowPlayShareContext.create(deployment);
    ada = await ctx.person('ada');
    bea = await ctx.teammate(ada, 'bea');
    eve = await ctx.person('eve');
    // Recorded alongside the other cases: 3 s of output, 30 s of nothing, another command.
    paused = await ctx.recordInTmux(ada);
    await paused.run('for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.5; done');
    paused.terminal.type('sleep 30; echo after the pause; exit');
    recording = await ctx.recordInTmux(ada);
    await recording.clear();
  }, 240_000);

  afterAll(() => ctx?.dispose(), 120_000);

  it('two followers in tmux show the screen the recorder shows, live', async () => {
    const followers = [
      ctx.backtrackInTmux(bea, ['follow', recording.sessionId]),
      ctx.backtrackInTmux(bea, ['follow', recording.sessionId]),
    ];
    const sameScreens = () =>
      expectEventually(() => {
        const recorded = recording.terminal.screen();
        for (const follower of followers) expect(follower.screen()).toBe(recorded);
      }, slowly);
    await sameScreens();

    await recording.run('echo hello from ada');
    await recording.run("printf '\\033[1;31mred\\033[0m and \\033[4mplain\\033[0m\\n'");
    await recording.run('seq 1 40');
    await recording.run('ls -la ~/.bashrc');

    await sameScreens();
    expect(recording.terminal.screen()).toContain('$ ls -la ~/.bashrc');
  }, 120_000);

  it('a share link opens that moment in headless Chromium', async () => {
    // Once as typed, then as printed.
    const hello = await expectEventually(
      async () => seqWhenPrinted(await storedEvents(recording.sessionId), 'hello from ada\r\n', 2),
      slowly,
    );
    const share = await ctx.backtrack(ada, ['share', `${recording.sessionId}@#${hello}`]);
    expect(share.code).toBe(0);
    const url = share.stdout.trim();
    expect(url).toMatch(new RegExp(`^${ctx.url}/s/[A-Za-z0-9_-]{22,}$`));

    const browser: Browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser, url);
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
      const screen = await screenText(page);
      expect(screen).toContain('$ echo hello from ada\nhello from ada');
      expect(screen).not.toContain('red and plain');
      await saveScreenshot(page, `share-moment-${deployment}.png`);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('a follower killed and started again with its last seq gets no gap and no duplicate', async () => {
    const first = ctx.spawnBacktrack(bea, ['follow', recording.sessionId, '--json']);
    const snapshot = await expectEventually(() => {
      const [message] = first.jsonLines<ServerMessage>();
      expect(message).toMatchObject({ type: 'snapshot' });
      return message!;
    }, slowly);
    await recording.run('echo one');
    await expectEventually(() => expect(seqsOf(first).length).toBeGreaterThan(0), slowly);
    await first.kill('SIGKILL');
    const lastSeen = seqsOf(first).at(-1)!;

    await recording.run('echo two, while nobody follows');
    const again = ctx.spawnBacktrack(bea, [
      'follow',
      recording.sessionId,
      '--after',
      String(lastSeen),
      '--json',
    ]);
    await recording.run('echo three');
    expect(await recording.exit()).toMatchObject({ exitCode: 0 });

    expect((await again.exited).code).toBe(0);
    const ended = await expectEventually(async () => {
      const last = (await storedEvents(recording.sessionId)).at(-1);
      expect(last).toMatchObject({ type: 'session.ended' });
      return last;
    }, slowly);
    expect(again.jsonLines<ServerMessage>().map((m) => m.type)).not.toContain('snapshot');
    expect([...seqsOf(first), ...seqsOf(again)]).toEqual(range(snapshot.seq! + 1, ended.seq));
  }, 120_000);

  it('plays a session with a 30 s pause at --speed 4 --idle-limit 1 in about active time / 4 + 1 s', async () => {
    expect(await paused.exited(90_000)).toMatchObject({ exitCode: 0 });
    const events = await expectEventually(async () => {
      const stored = await storedEvents(paused.sessionId);
      expect(stored.at(-1)).toMatchObject({ type: 'session.ended' });
      return stored;
    }, slowly);
    const gaps = events.slice(1).map((e, i) => e.at - events[i].at);
    const pause = Math.max(...gaps);
    const active = gaps.reduce((sum, gap) => sum + gap, 0) - pause;
    expect(pause).toBeGreaterThanOrEqual(29_000);

    const play = ctx.spawnBacktrack(ada, [
      'play',
      paused.sessionId,
      '--speed',
      '4',
      '--idle-limit',
      '1',
      '--json',
    ]);
    expect((await play.exited).code).toBe(0);

    const wall = Number(/to the end in ([\d.]+)s of wall time/.exec(play.stderr)?.[1]);
    // Every gap is played at 1/4 and none for longer than 1 s: the active / 4 + 1, gap by gap.
    const expected = gaps.reduce((sum, gap) => sum + Math.min(gap / 4, 1000), 0) / 1000;
    console.log(
      `${deployment}: play --speed 4 --idle-limit 1 took ${wall.toFixed(2)}s; active ${(active / 1000).toFixed(2)}s / 4 + 1 = ${(active / 4000 + 1).toFixed(2)}s; gap by gap ${expected.toFixed(2)}s`,
    );
    expect(Math.abs(wall - expected)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(wall - (active / 4000 + 1))).toBeLessThanOrEqual(1.5);
    expect(seqsOf(play)).toEqual(range(1, events.at(-1).seq));
  }, 180_000);

  it('exports an asciicast v2 file that plays in asciinema play', async () => {
    const file = join(ada.home, 'session.cast');
    const exported = await ctx.backtrack(ada, [
      'export',
      recording.sessionId,
      '--format',
      'asciicast-v2',
      '-o',
      file,
    ]);
    expect(exported.code).toBe(0);
    const [header] = readFileSync(file, 'utf8').split('\n');
    expect(JSON.parse(header!)).toMatchObject({ version: 2, width: 120, height: 30 });

    const player: TmuxTerminal = ctx.terminal(
      ada,
      `asciinema play -s 20 -i 0.2 '${file}'; echo PLAYED-TO-THE-END; exec sleep 600`,
    );
    await expectEventually(() => expect(player.screen()).toContain('PLAYED-TO-THE-END'), slowly);
    expect(player.screen()).toMatch(/\$ echo three\nthree\n\$ exit/);
  }, 120_000);

  it("another team's token gets 404 on every endpoint for the session, where its owner's team gets it", async () => {
    const id = recording.sessionId;
    const rest: Array<[string, string, number]> = [
      ['GET', `/api/v1/sessions/${id}`, 200],
      ['GET', `/api/v1/sessions/${id}/events?after=0&limit=10`, 200],
      ['GET', `/api/v1/sessions/${id}/keyframes`, 200],
      ['GET', `/api/v1/sessions/${id}/screen?seq=5`, 200],
      ['GET', `/api/v1/sessions/${id}/shares`, 200],
      ['POST', `/api/v1/sessions/${id}/shares`, 201],
    ];
    for (const [method, path, owned] of rest) {
      const init = method === 'POST' ? { method, body: '{}' } : { method };
      expect([method, path, (await ctx.api(bea, path, init)).status]).toEqual([
        method,
        path,
        owned,
      ]);
      expect([method, path, (await ctx.api(eve, path, init)).status]).toEqual([method, path, 404]);
    }
    for (const path of [`/api/v1/sessions/${id}/follow`, `/api/v1/sessions/${id}/play`]) {
      expect([path, await ctx.websocketStatus(bea, path)]).toEqual([path, 101]);
      expect([path, await ctx.websocketStatus(eve, path)]).toEqual([path, 404]);
    }
    for (const args of [
      ['follow', id, '--wait', '0'], // no waiting for a session that may still be on its way
      ['play', id],
      ['export', id, '--format', 'asciicast-v2'],
      ['share', id],
    ]) {
      const run = await ctx.backtrack(eve, args);
      expect([args[0], run.code, run.stderr]).toEqual([
        args[0],
        1,
        expect.stringMatching(/404|no session/),
      ]);
    }
  }, 120_000);

  // The seq of the output event after which the session had printed `text`, however the output was chunked.
  function seqWhenPrinted(events: Json[], text: string, times = 1): number {
    let printed = '';
    for (const event of events) {
      if (event.type !== 'terminal.output') continue;
      printed += event.payload.data;
      if (printed.split(text).length > times) return event.seq;
    }
    throw new Error(`the session never printed ${JSON.stringify(text)}:\n${printed}`);
  }

  async function storedEvents(sessionId: string): Promise<Json[]> {
    const { status, body } = await ctx.api(ada, `/api/v1/sessions/${sessionId}/events?limit=5000`);
    expect(status).toBe(200);
    return body.items;
  }
});
