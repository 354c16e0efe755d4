// Demo sign-in (development only): the sign-in page's picker signs in as a user of the catalog,
// and the portal then knows that user, with the groups of the catalog.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baseUrl,
  launchBrowser,
  openSignedInAs,
  screenshot,
} from '../lib/portal.mjs';

let browser;
let session;

before(async () => {
  browser = await launchBrowser();
  session = await openSignedInAs(browser, 'bob');
});

after(async () => {
  await browser?.close();
});

async function expectBobOnSettings(page) {
  await page.goto(`${baseUrl}/settings`);
  // The profile card: Bob's catalog profile.
  await page.getByText('Bob Auditor').first().waitFor({ timeout: 30_000 });
  await page.getByText('bob@sparki.example').first().waitFor();
  // The identity card: his user entity and, among the ownership refs, his group.
  await page.locator('a[href="/catalog/default/user/bob"]').first().waitFor();
  await page
    .locator('a[href="/catalog/default/group/security-auditors"]')
    .first()
    .waitFor();
}

test("signed in as bob, the settings page shows Bob's profile and group", async () => {
  const { page } = session;
  try {
    await expectBobOnSettings(page);
  } finally {
    await screenshot(page, 'demo-sign-in-bob-settings');
  }
  assert.equal(await page.getByText('Guest', { exact: true }).count(), 0);
});

test('a reload keeps bob signed in, without the sign-in page', async () => {
  const { page } = session;
  await page.reload();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .waitFor({ state: 'attached' });
  assert.equal(await page.getByLabel('Demo user').count(), 0);
  await expectBobOnSettings(page);
});

test('the sign-in page offers the guest and every demo user of the catalog', async () => {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
  });
  try {
    await page.goto(baseUrl);
    await page
      .getByRole('button', { name: 'Enter' })
      .waitFor({ timeout: 30_000 });
    const options = page.getByLabel('Demo user').locator('option');
    await options.first().waitFor({ state: 'attached', timeout: 30_000 });
    assert.deepEqual(await options.allTextContents(), [
      'Alice Platform (platform-team)',
      'Bob Auditor (security-auditors)',
      'Carol Approver (release-approvers)',
      'Dave Approver (release-approvers)',
      'Guest (platform-team)',
    ]);
  } finally {
    await screenshot(page, 'demo-sign-in-page');
    await page.close();
  }
});

test('no console errors while signed in as bob', () => {
  assert.deepEqual(session.consoleErrors, []);
});
