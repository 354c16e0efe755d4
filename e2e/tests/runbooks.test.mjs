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
// Served to the backend through runbooks.locations by e2e/run.mjs (app-config.e2e.yaml).
const fixtureFiles = readdirSync(
  join(dirname(fileURLToPath(import.meta.url)), '../fixtures/runbooks'),
).filter(name => name.endsWith('.md'));
const hostileTitle = 'Runbook: hostile markdown (browser test fixture)';
const todayUtc = () => new Date().toISOString().slice(0, 10);

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

test('the Runbooks page lists the runbooks of the repository and of the location', async () => {
  const { page } = session;
  await page.goto(baseUrl);
  await page.getByRole('link', { name: 'Runbooks' }).first().click();
  await page.waitForURL(/\/runbooks$/);
  try {
    const table = page.getByRole('table', { name: 'runbooks' });
    // The location is read right after startup: reload until its runbook is listed.
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        await table.getByRole('link', { name: hostileTitle }).waitFor({ timeout: 15_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await page.reload();
      }
    }
    // One header row plus one row per runbook file.
    assert.equal(
      await table.getByRole('row').count(),
      runbookFiles.length + fixtureFiles.length + 1,
    );
    // The owner column links to the group and shows its title (or name), not the whole ref.
    const owner = table.locator('a[href="/catalog/default/group/platform-team"]').first();
    await owner.waitFor();
    assert.notEqual(await owner.innerText(), 'group:default/platform-team');
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

test("a failing control's runbook link on the posture page opens the rendered runbook", async () => {
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
  // A row whose status chip says the control fails.
  const failing = controls
    .getByRole('row')
    .filter({ has: page.getByText('fail', { exact: true }) })
    .first();
  await failing.waitFor();
  const link = failing.locator('a[href^="/runbooks/"]').first();
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
    await details.locator('a[href="/catalog/default/group/platform-team"]').waitFor();
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
      { timeout: 60_000 },
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

test('search finds a runbook by a word of its body; its command copies', async () => {
  const { page } = session;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(baseUrl).origin,
  });
  // "announce" is in the body of runbooks/rollback.md only. The collator first runs 10 s after
  // startup: search again until the index has it.
  const result = page.locator('a[href="/runbooks/rollback"]').first();
  const deadline = Date.now() + 120_000;
  try {
    for (;;) {
      await page.goto(`${baseUrl}/search?query=announce`);
      try {
        await result.waitFor({ timeout: 15_000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
    }
    await screenshot(page, 'runbooks-search');
    await result.click();
    await page.waitForURL(`${baseUrl}/runbooks/rollback`);
    await page.getByRole('heading', { level: 1, name: 'Runbook: rollback' }).waitFor();
    await page.getByRole('button', { name: 'Copy' }).first().click();
    await page.waitForFunction(
      async expected => (await navigator.clipboard.readText()) === expected,
      firstCodeBlock('rollback'),
      { timeout: 60_000 },
    );
  } finally {
    await screenshot(page, 'runbook-from-search');
  }
});

test('"Mark as tested" records a test that the viewer shows', async () => {
  const { page } = session;
  // The guest is in platform-team, which holds runbooks.attest (app-config.yaml).
  await page.goto(`${baseUrl}/runbooks/post-mortem-template`);
  try {
    const details = page.getByRole('table', { name: 'runbook details' });
    await details.getByText('never tested', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Mark as tested' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Outcome').selectOption('partial');
    await dialog.getByLabel('Note').fill('Timeline section took <b>long</b>; "quotes" kept');
    await dialog.getByRole('button', { name: 'Record test' }).click();
    await dialog.waitFor({ state: 'detached' });

    const history = page.getByRole('table', { name: 'test history' });
    const row = history.getByRole('row').nth(1);
    await row.getByText(todayUtc(), { exact: true }).waitFor();
    await row.getByText('partial', { exact: true }).waitFor();
    // The note is text, never markup.
    await row.getByText('Timeline section took <b>long</b>; "quotes" kept').waitFor();
    await details
      .getByText(`${todayUtc()}: partial, by user:default/guest (recorded in the portal)`)
      .waitFor();
  } finally {
    await screenshot(page, 'runbook-marked-as-tested');
  }
});

test('hostile markdown from a location is inert in the browser', async () => {
  const { page } = session;
  const errorsBefore = session.consoleErrors.length;
  await page.goto(`${baseUrl}/runbooks/hostile-markdown`);
  try {
    await page.getByRole('heading', { level: 1, name: hostileTitle }).waitFor();
    await page.getByText('hover or click me').hover();
    await page.getByText('hover or click me').click();
    // The code block shows the script as text.
    await page
      .getByTestId('runbook-code-block')
      .filter({ hasText: "__runbookScriptRan = 'code block'" })
      .waitFor();
    const state = await page.evaluate(() => ({
      ran: window.__runbookScriptRan ?? null,
      scripts: document.querySelectorAll('article script, main script').length,
      iframes: document.querySelectorAll('iframe').length,
      handlers: document.querySelectorAll('[onerror], [onclick], [onmouseover], [onload]').length,
      javascriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
    }));
    assert.deepEqual(state, {
      ran: null,
      scripts: 0,
      iframes: 0,
      handlers: 0,
      javascriptLinks: 0,
    });
  } finally {
    await screenshot(page, 'runbook-hostile-markdown');
  }
  // The sanitised <img> still asks for its (missing) picture; nothing else may be logged.
  const unexpected = session.consoleErrors
    .slice(errorsBefore)
    .filter(message => !/status of 404/.test(message));
  assert.deepEqual(unexpected, []);
});

test('the entity page of sparki-api lists its runbooks with their staleness', async () => {
  const { page } = session;
  await page.goto(`${baseUrl}/catalog/default/component/sparki-api/runbooks`);
  try {
    const table = page.getByRole('table', { name: 'entity runbooks' });
    await table.waitFor();
    for (const title of [
      'Runbook: production deployment',
      'Runbook: blue-green deployment',
      'Runbook: rollback',
    ]) {
      const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: title }) });
      await row.getByText('sparki.io/runbooks annotation').waitFor();
      await row.getByText(/^(stale: |reviewed )/).waitFor();
    }
  } finally {
    await screenshot(page, 'entity-runbooks');
  }
});
