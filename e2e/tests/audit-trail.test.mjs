import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { baseUrl, launchBrowser, screenshot } from '../lib/portal.mjs';
import { openSignedInAsCatalogGuest } from '../lib/catalogSession.mjs';

let browser;
let session;

before(async () => {
  browser = await launchBrowser();
  session = await openSignedInAsCatalogGuest(browser);
});

after(async () => {
  await browser?.close();
});

/** The sample CloudTrail logs are ingested shortly after startup; reload until they are. */
async function waitForEvents(page, url, text) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.goto(url);
    try {
      await page.getByRole('table', { name: 'events' }).getByText(text).first().waitFor({ timeout: 30_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

test('the audit trail page searches the sample CloudTrail events', async () => {
  const { page } = session;
  await page.goto(baseUrl);
  await page.getByRole('link', { name: 'Audit trail' }).first().click();
  await page.waitForURL(/\/audit-trail/);
  try {
    await waitForEvents(page, `${baseUrl}/audit-trail`, 'ConsoleLogin');
    const filters = page.getByRole('form', { name: 'event filters' });
    // An explicit window around the sample logs' day (2026-11-20), a day wider each side for
    // the browser's time zone: without one the export covers only the last 31 days.
    await filters.getByLabel('From', { exact: true }).fill('2026-11-19T00:00');
    await filters.getByLabel('To', { exact: true }).fill('2026-11-22T00:00');
    await filters.getByLabel('Event name').fill('StopLogging');
    await filters.getByRole('button', { name: 'Search', exact: true }).click();
    const events = page.getByRole('table', { name: 'events' });
    await page.waitForFunction(
      () => document.querySelectorAll('table[aria-label="events"] tbody tr').length === 1,
      null,
      { timeout: 60_000 },
    );
    await events.getByText('StopLogging').waitFor();

    // The raw record is one click away.
    await events.getByText('StopLogging').click();
    await page.getByLabel('raw CloudTrail record').waitFor();
    // Let the dialog's fade-in finish before the screenshot.
    await page.waitForFunction(() => {
      const dialog = document.querySelector('[role="dialog"]');
      return dialog && getComputedStyle(dialog.parentElement).opacity === '1';
    });
    await screenshot(page, 'audit-trail-event');
    await page.keyboard.press('Escape');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(csv, /StopLogging/);
  } finally {
    await screenshot(page, 'audit-trail-events');
  }
});

test('the detections tab lists CIS AWS Foundations detections with runbooks', async () => {
  const { page } = session;
  await page.goto(`${baseUrl}/audit-trail?tab=detections`);
  try {
    const detections = page.getByRole('table', { name: 'detections' });
    await detections.getByText('CIS 4.3').first().waitFor({ timeout: 30_000 });
    // Runbook ids link to the runbook's page of the runbooks plugin.
    await detections.locator('a[href^="/runbooks/audit-trail-"]').first().waitFor();
  } finally {
    await screenshot(page, 'audit-trail-detections');
  }
});

test('the prod account entity has an audit trail tab', async () => {
  const { page } = session;
  try {
    await waitForEvents(
      page,
      `${baseUrl}/catalog/default/resource/aws-account-prod/audit-trail`,
      '333333333333',
    );
    await page.getByRole('table', { name: 'detections' }).waitFor();
  } finally {
    await screenshot(page, 'audit-trail-entity-aws-account-prod');
  }
});

test('no console errors on the audit trail pages', () => {
  assert.deepEqual(session.consoleErrors, []);
});
