// The auditor's path on the demo data: overview → framework → failing control → the failing
// object's record; a waiver requested by alice (platform team), approved by bob (security
// auditor) and then shown as waived.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baseUrl,
  launchBrowser,
  openSignedInAs,
  screenshot,
} from '../lib/portal.mjs';

const cluster = 'sparki-dev';
const scopeQuery = `scope=${encodeURIComponent(`cluster:${cluster}`)}`;
const reason = `e2e: accepted until the demo cluster is rebuilt (${Date.now()})`;

let browser;
let bob;
let alice;
/** The control page of the failing control the first test found. */
let controlUrl;

before(async () => {
  browser = await launchBrowser();
  bob = await openSignedInAs(browser, 'bob');
  alice = await openSignedInAs(browser, 'alice');
});

after(async () => {
  await browser?.close();
});

/** The backend scans the demo cluster at startup: reload until the framework has a failing control. */
async function openFailingControl(page) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    await page.goto(
      `${baseUrl}/compliance/frameworks/cis-kubernetes?${scopeQuery}`,
    );
    // Control rows only: the header row's "Failing" column would match the text too.
    const failing = page
      .getByRole('table', { name: 'controls' })
      .getByTestId(/^control-/)
      .filter({ hasText: 'failing' })
      .first();
    try {
      await failing.waitFor({ timeout: 30_000 });
      await failing.getByRole('link').first().click();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

test(
  'overview → framework → failing control → the failing object',
  { timeout: 300_000 },
  async () => {
    const { page } = bob;
    try {
      await page.goto(baseUrl);
      await page.getByRole('link', { name: 'Compliance' }).first().click();
      await page.waitForURL(/\/compliance$/);
      const frameworks = page.getByRole('table', { name: 'frameworks' });
      await frameworks.waitFor({ timeout: 60_000 });
      await page
        .getByRole('group', { name: 'Overall conservative score' })
        .waitFor();
      await screenshot(page, 'compliance-overview');

      await frameworks
        .getByRole('link', { name: 'CIS Kubernetes Benchmark' })
        .click();
      await page
        .getByRole('heading', { name: 'CIS Kubernetes Benchmark' })
        .waitFor();
      await screenshot(page, 'compliance-framework');

      await openFailingControl(page);
      await page.waitForURL(/\/controls\//);
      controlUrl = page.url().split('?')[0];
      const results = page.getByRole('table', { name: 'results' });
      const failingRow = results
        .getByRole('row')
        .filter({ hasText: cluster })
        .filter({ hasText: 'fail' })
        .first();
      await failingRow.waitFor({ timeout: 60_000 });
      await screenshot(page, 'compliance-control');

      await failingRow.getByRole('button', { name: 'Objects' }).click();
      const dialog = page.getByRole('dialog');
      const objects = dialog.getByRole('table', { name: 'objects' });
      await objects.waitFor({ timeout: 60_000 });
      await objects.getByRole('button', { name: 'Details' }).first().click();
      const details = dialog.getByRole('region', { name: /^details of / });
      await details.waitFor();
      assert.match(
        await details.innerText(),
        /Source record: posture-control \d+/,
      );
      await screenshot(page, 'compliance-failing-object');
      await dialog.getByRole('button', { name: 'Close' }).click();
    } finally {
      await screenshot(page, 'compliance-path-end');
    }
  },
);

test(
  'alice requests a waiver, bob approves it, the result shows as waived',
  { timeout: 300_000 },
  async () => {
    assert.ok(controlUrl, 'the first test found a failing control');
    // Alice (platform team, compliance.waive) asks.
    {
      const { page } = alice;
      await page.goto(`${controlUrl}?${scopeQuery}&state=fail`);
      const row = page
        .getByRole('table', { name: 'results' })
        .getByTestId('result-row')
        .first();
      await row.waitFor({ timeout: 60_000 });
      await row.getByRole('button', { name: 'Request waiver' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Reason').fill(reason);
      await dialog.getByRole('button', { name: 'Request waiver' }).click();
      await page
        .getByText(/^Waiver requested for cluster /)
        .waitFor({ timeout: 60_000 });
      await screenshot(page, 'compliance-waiver-requested');
    }
    // Bob (security auditor, compliance.approve) approves; alice's own request is not hers to approve.
    {
      const { page } = bob;
      await page.goto(`${baseUrl}/compliance/registers`);
      const waiting = page.getByRole('table', {
        name: 'waivers waiting for approval',
      });
      const row = waiting.getByRole('row').filter({ hasText: reason });
      await row.waitFor({ timeout: 60_000 });
      await row.getByRole('button', { name: 'Approve' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Comment').fill('accepted for the demo');
      await dialog.getByRole('button', { name: 'Approve' }).click();
      await row.waitFor({ state: 'detached', timeout: 60_000 });

      await page.goto(`${controlUrl}?${scopeQuery}&state=waived`);
      const waived = page
        .getByRole('table', { name: 'results' })
        .getByTestId('result-row')
        .first();
      await waived.waitFor({ timeout: 60_000 });
      assert.match(await waived.innerText(), /waived/);
      assert.match(await waived.innerText(), /raw: fail/);
      const register = page
        .getByRole('table', { name: 'waivers' })
        .getByRole('row')
        .filter({ hasText: reason });
      assert.match(await register.innerText(), /approved by bob/);
      await screenshot(page, 'compliance-waived');
    }
  },
);
