import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const OUTPUT_DIR = join(__dirname, '..', '..', 'test-output');

// The share page in a real browser: Debian's Chromium, driven by playwright-core.
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the share page is tested in a real browser. ` +
        'Install it with `bash scripts/services.sh up` (or `apt-get install -y chromium`).',
    );
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export async function openPage(
  browser: Browser,
  url: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 900, height: 640 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state ?? ''));
  return { page, errors };
}

export const screenText = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { backtrack: { screenText(): string } }).backtrack.screenText(),
  );

// Kept in services/gateway/test-output for a person to look at; the path is printed in the test output.
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, name);
  await page.screenshot({ path, fullPage: true });
  console.log(`share page screenshot: ${path}`);
  return path;
}
