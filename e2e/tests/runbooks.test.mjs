import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseUrl, launchBrowser, screenshot } from '../lib/portal.mjs';
import { openSignedInAsCatalogGuest } from '../lib/catalogSession.mjs';

const runbooksDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../runbooks',
);
const runbookFiles = readdirSync(runbooksDir).filter(name =>
  name.endsWith('.md'),
);

/** The content of the first fenced code block of a runbook file. */
function firstCodeBlock(id) {
  const lines = readFileSync(join(runbooksDir, `${id}.md`), 'utf8').split('\n');
  const start = lines.findIndex(line => line.startsWith('```'));
  const end = lines.findIndex((line, i) => i > start && line.startsWith('```'));
  return lines.slice(start + 1, end).join('\n');
}

let browser;
let session;

before(async () => {
  browser = await launchBrowser();
  session = await openSignedInAsCatalogGuest(browser);
});

after(async () => {
  await browser?.close();
});

test('the Runbooks page lists every runbook of the repository', async () => {
  const { page } = session;
  await page.goto(baseUrl);
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.waitForURL(/\/runbooks$/);
  try {
    const table = page.getByRole('table', { name: 'runbooks' });
    await table.waitFor();
    // One header row plus one row per runbook file.
    assert.equal(await table.getByRole('row').count(), runbookFiles.length + 1);
    await table.getByRole('link', { name: 'Runbook: namespaces' }).waitFor();
    // runbooks/namespaces.md has no last_tested: its row says it is stale.
    const namespaces = table
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'Runbook: namespaces' }) });
    await namespaces.getByText(/^stale: .*never tested/).waitFor();
  } finally {
    await screenshot(page, 'runbooks-page');
  }
});

test("a control's runbook link on the posture page opens the rendered runbook", async () => {
  const { page } = session;
  // The backend scans the demo cluster at startup; reload until the controls are shown.
  const controls = page.getByRole('table', { name: 'controls' });
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.goto(`${baseUrl}/security-posture?cluster=sparki-dev`);
    try {
      await controls.waitFor({ timeout: 30_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
  const link = controls.locator('a[href^="/runbooks/"]').first();
  const id = await link.innerText();
  await link.click();
  await page.waitForURL(`${baseUrl}/runbooks/${id}`);
  try {
    const heading = page.getByRole('heading', {
      level: 1,
      name: `Runbook: ${id}`,
    });
    await heading.waitFor();
    await page.getByRole('heading', { level: 2, name: 'How to fix' }).waitFor();
    await page.getByRole('link', { name: 'All runbooks' }).waitFor();
  } finally {
    await screenshot(page, 'runbook-from-posture');
  }
});

test('a runbook shows its frontmatter and copies a code block', async () => {
  const { page } = session;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(baseUrl).origin,
  });
  await page.goto(`${baseUrl}/runbooks`);
  await page
    .getByRole('table', { name: 'runbooks' })
    .getByRole('link', { name: 'Runbook: namespaces' })
    .click();
  await page.waitForURL(`${baseUrl}/runbooks/namespaces`);
  try {
    const details = page.getByRole('table', { name: 'runbook details' });
    await details.getByText('group:default/platform-team').waitFor();
    await details.getByText('never tested', { exact: true }).waitFor();
    await page
      .getByRole('navigation', { name: 'table of contents' })
      .getByRole('link', { name: 'How to fix' })
      .waitFor();
    await page.getByRole('button', { name: 'Copy' }).first().click();
    // The button says "Copied" for two seconds only; the clipboard is what must hold.
    await page.waitForFunction(
      async expected => (await navigator.clipboard.readText()) === expected,
      firstCodeBlock('namespaces'),
      { timeout: 30_000 },
    );
  } finally {
    await screenshot(page, 'runbook-viewer');
  }
});

test('no console errors on the runbooks pages', () => {
  assert.deepEqual(session.consoleErrors, []);
});

test('an unknown runbook says it is not found', async () => {
  const { page } = session;
  const errorsBefore = session.consoleErrors.length;
  await page.goto(`${baseUrl}/runbooks/no-such-runbook`);
  try {
    await page.getByText(/Runbook not found/).waitFor();
  } finally {
    await screenshot(page, 'runbook-not-found');
  }
  // The browser logs the 404 response itself; nothing else may be logged.
  const unexpected = session.consoleErrors
    .slice(errorsBefore)
    .filter(message => !/status of 404/.test(message));
  assert.deepEqual(unexpected, []);
});
