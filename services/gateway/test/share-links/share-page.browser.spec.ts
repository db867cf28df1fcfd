import { Browser } from 'playwright-core';
import { expectEventually } from '@backtrack/testing';
import { Member } from '../gateway-test-context';
import {
  FAILING_LOGIN,
  FAILING_LOGIN_END,
  MOMENT_OFFSET_MS,
  SCREEN_AT_MOMENT,
} from './failing-login.recording';
import { launchChromium, openPage, saveScreenshot, screenText } from './share-page-browser';
import { Recording, ShareTestContext } from './share-test-context';

describe('the share page in a browser', () => {
  let ctx: ShareTestContext;
  let browser: Browser;
  let ada: Member;
  let session: Recording;

  beforeAll(async () => {
    browser = await launchChromium();
    ctx = await ShareTestContext.start();
    ada = await ctx.teamWithUser('a', 'ada');
    session = await ctx.recordSession(ada, FAILING_LOGIN, {
      endAt: FAILING_LOGIN_END,
      title: 'login bug',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('shows the terminal as it was at the shared moment, then plays on from there', async () => {
    const link = await ctx.shareLink(ada, session.sessionId, {
      at: { offsetMs: MOMENT_OFFSET_MS + 300 },
      label: 'the failing test',
    });
    const { page, errors } = await openPage(browser, link.url);

    expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
    expect(await screenText(page)).toBe(SCREEN_AT_MOMENT);
    expect(await page.textContent('#title')).toBe('login bug');
    expect(await page.textContent('#who')).toContain(`${ada.user}@${ada.user}-laptop`);
    expect(await page.textContent('#position')).toBe('at 23:22 of 41:05');
    expect(await page.textContent('#label')).toBe('the failing test');
    expect(await page.textContent('#state-note')).toContain(
      'Debugger paused (exception) in handleLogin at src/login.ts:42',
    );
    await saveScreenshot(page, 'share-moment.png');

    await page.click('#play');
    await expectEventually(async () => expect(await screenText(page)).toContain('git stash'));
    await page.click('#play');
    expect(await page.evaluate(() => document.body.dataset.playback)).toBe('paused');
    expect(await screenText(page)).not.toContain('LATER');
    expect(errors).toEqual([]);
  });

  it('opens at the last event when no moment was given, with nothing left to play', async () => {
    const link = await ctx.shareLink(ada, session.sessionId);
    const { page, errors } = await openPage(browser, link.url);
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
    expect((await screenText(page)).split('\n').slice(-2)).toEqual([
      '$ git stash',
      'LATER: pushed to origin',
    ]);
    expect(await page.textContent('#position')).toBe('at 41:05 of 41:05');
    expect(await page.isDisabled('#play')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('explains a revoked link instead of playing it', async () => {
    const link = await ctx.shareLink(ada, session.sessionId);
    await ctx.revoke(ada, link.id);
    const response = await fetch(link.url);
    expect(response.status).toBe(410);
    const { page } = await openPage(browser, link.url);
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('error');
    expect(await page.textContent('#error')).toMatch(/this share link was revoked on/);
  });

  it('keeps the token to itself: no referrer, no cache, only its own scripts', async () => {
    const link = await ctx.shareLink(ada, session.sessionId);
    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await response.text()).not.toContain(link.token);
    const asset = await fetch(`${ctx.baseUrl}/assets/xterm.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${ctx.baseUrl}/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});
