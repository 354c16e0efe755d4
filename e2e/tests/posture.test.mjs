import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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

/** The backend scans the demo cluster at startup; reload until its snapshot is stored. */
async function waitForClusterScore(page, url) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.goto(url);
    const score = page.getByTestId('cluster-score');
    try {
      await score.waitFor({ timeout: 30_000 });
      return score;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

test('the posture page shows the demo cluster score, its failing controls and their findings', async () => {
  const { page } = session;
  await page.goto(baseUrl);
  await page.getByRole('link', { name: 'Security posture' }).first().click();
  await page.waitForURL(/\/security-posture/);
  try {
    const score = await waitForClusterScore(page, `${baseUrl}/security-posture?cluster=sparki-dev`);
    assert.match(await score.innerText(), /^\d+(\.\d)? %$/, 'a numeric score, not "No data"');
    await page.getByTestId('cluster-row-sparki-dev').waitFor();

    // Drill down: the first failing control opens its findings (resource, namespace, message).
    const controls = page.getByRole('table', { name: 'controls' });
    await controls.getByRole('button', { name: /^Show findings of / }).first().click();
    const findings = controls.getByRole('table', { name: 'findings' });
    await findings.getByRole('row').nth(1).waitFor({ timeout: 30_000 });
    assert.ok((await findings.getByRole('row').count()) > 1, 'at least one finding row');

    await page.getByRole('table', { name: 'namespace scores' }).waitFor();
    await page.getByText('History').first().waitFor();
  } finally {
    await screenshot(page, 'posture-page');
  }
});

test('"Scan now" stores a new snapshot of the demo cluster', async () => {
  const { page } = session;
  const snapshotLabel = page.getByText(/^Snapshot #\d+/);
  const before = await snapshotLabel.innerText();
  await page.getByRole('button', { name: 'Scan now' }).click();
  await page.waitForFunction(
    previous => {
      const label = [...document.querySelectorAll('span,p')].find(e =>
        /^Snapshot #\d+/.test(e.textContent ?? ''),
      );
      return label && label.textContent !== previous;
    },
    before,
    { timeout: 60_000 },
  );
  assert.notEqual(await snapshotLabel.innerText(), before);
});

test('the Pod Security what-if lists what enforcing restricted would reject', async () => {
  const { page } = session;
  const whatIf = page.getByRole('form', { name: 'what-if' });
  await whatIf.getByRole('button', { name: 'Simulate' }).click();
  const result = page.getByTestId('what-if-result');
  await result.waitFor({ timeout: 60_000 });
  assert.match(await result.innerText(), /Enforcing restricted:latest would reject \d+ of \d+ pods/);
  await result.scrollIntoViewIfNeeded();
  await screenshot(page, 'posture-what-if');
});

test('the sparki-dev-eks cluster entity has a security posture tab', async () => {
  const { page } = session;
  try {
    const score = await waitForClusterScore(
      page,
      `${baseUrl}/catalog/default/resource/sparki-dev-eks/security-posture`,
    );
    assert.match(await score.innerText(), /^\d+(\.\d)? %$/);
    await page.getByRole('table', { name: 'controls' }).waitFor();
  } finally {
    await screenshot(page, 'posture-entity-sparki-dev-eks');
  }
});

test('no console errors on the posture pages', () => {
  assert.deepEqual(session.consoleErrors, []);
});
