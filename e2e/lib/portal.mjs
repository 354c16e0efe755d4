// Shared by the browser tests: Debian's Chromium driven by playwright-core, signed in as guest or
// as a demo user of the catalog.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const baseUrl = process.env.SPARKI_E2E_BASE_URL ?? 'http://localhost:7017';
export const screenshotDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../test-results/screenshots',
);

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page (in a context of its own) that records console errors and uncaught exceptions. */
async function openRecordedPage(browser) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // Playwright's 30 s defaults race a cold first load of the app on a loaded machine.
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(120_000);
  const consoleErrors = [];
  page.on('console', message => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', error => consoleErrors.push(`uncaught: ${error.message}`));
  return { page, consoleErrors };
}

/** Opens a page that records console errors and uncaught exceptions, and signs in as guest. */
export async function openSignedIn(browser) {
  const session = await openRecordedPage(browser);
  const { page } = session;
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('navigation', { name: 'sidebar nav' }).waitFor({ state: 'attached' });
  return session;
}

/**
 * Signs a page that is not signed in yet in as a demo user of the catalog (`alice`, `bob`,
 * `carol`, `dave`) with the sign-in page's picker. Right after the backend starts the catalog
 * may not list the users yet: the page is reloaded until the picker offers the user.
 */
export async function signInAs(page, userName) {
  const userEntityRef = `user:default/${userName}`;
  const picker = page.getByLabel('Demo user');
  const offered = picker.locator(`option[value="${userEntityRef}"]`);
  const deadline = Date.now() + 120_000;
  await page.goto(baseUrl);
  for (;;) {
    try {
      await offered.waitFor({ state: 'attached', timeout: 15_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.reload();
    }
  }
  await picker.selectOption(userEntityRef);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'sidebar nav' }).waitFor({ state: 'attached' });
}

/** Opens a page like openSignedIn, signed in as a demo user (see signInAs). */
export async function openSignedInAs(browser, userName) {
  const session = await openRecordedPage(browser);
  await signInAs(session.page, userName);
  return session;
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
