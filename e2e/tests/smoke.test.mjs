import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, launchBrowser, openSignedIn, screenshot } from '../lib/portal.mjs';

let browser;
let session;

before(async () => {
  browser = await launchBrowser();
  session = await openSignedIn(browser);
});

after(async () => {
  await browser?.close();
});

test('the home page renders the Sparki welcome', async () => {
  const { page } = session;
  await page.getByText('Welcome to Sparki').first().waitFor({ timeout: 30_000 });
  await page.getByRole('link', { name: 'create an environment' }).waitFor();
  await screenshot(page, 'home');
});

test('the catalog lists the Sparki system, clusters, accounts and groups', async () => {
  const { page } = session;
  await page.goto(`${baseUrl}/catalog/default/system/sparki`);
  await page.getByRole('heading', { name: /sparki/i }).first().waitFor({ timeout: 30_000 });

  await page.goto(`${baseUrl}/catalog?filters%5Bkind%5D=resource&filters%5Buser%5D=all`);
  try {
    // The catalog table shows entity titles.
    for (const title of [
      'EKS cluster (sparki-dev)',
      'EKS cluster (sparki-staging)',
      'EKS cluster (sparki-prod)',
      'AWS account (prod)',
      'Environment sparki-prod',
    ]) {
      await page.getByRole('link', { name: title, exact: true }).waitFor({ timeout: 30_000 });
    }
  } finally {
    await screenshot(page, 'catalog-resources');
  }

  await page.goto(`${baseUrl}/catalog?filters%5Bkind%5D=group&filters%5Buser%5D=all`);
  try {
    for (const title of ['Platform team', 'Security & auditors', 'Release approvers']) {
      await page.getByRole('link', { name: title, exact: true }).waitFor({ timeout: 30_000 });
    }
  } finally {
    await screenshot(page, 'catalog-groups');
  }
});

test('no console errors while browsing', () => {
  assert.deepEqual(session.consoleErrors, []);
});
