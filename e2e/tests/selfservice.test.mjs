// Self-service end to end on the embedded local forge (issue #12): alice of the platform team
// creates an environment through /create; it lands in the catalog as proposed; guest (another
// platform engineer: nobody merges their own change) merges it from the environment's page and it
// turns active; alice updates it with the update template and sees the diff of the proposed
// change, then creates a service from the "Sparki service" template and finds it in the catalog.
// e2e/run.mjs gives the suite a fresh forge of its own: nothing lands in the demo's repository.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baseUrl,
  launchBrowser,
  openSignedIn,
  openSignedInAs,
  screenshot,
} from '../lib/portal.mjs';

const ENVIRONMENT = 'payments-qa';
const SERVICE = 'orders-api';
// Template runs (git, Terraform parsing) and catalog refreshes on a loaded machine.
const TASK_TIMEOUT = 180_000;
const CATALOG_TIMEOUT = 120_000;

let browser;
let alice;
let guest;

// What answered 404, to tell which resource a "Failed to load resource" console error is about.
const notFound = [];

before(async () => {
  browser = await launchBrowser();
  alice = await openSignedInAs(browser, 'alice');
  guest = await openSignedIn(browser);
  for (const { page } of [alice, guest]) {
    page.on('response', response => {
      if (response.status() === 404) notFound.push(response.url());
    });
  }
});

after(async () => {
  await browser?.close();
});

async function selectOption(page, property, option) {
  await page.locator(`#root_${property}`).click();
  await page.getByRole('option', { name: option }).first().click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

async function chooseTemplate(page, title) {
  await page.goto(`${baseUrl}/create`);
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText(title, { exact: true }) });
  await card.getByRole('button', { name: 'Choose' }).click({ timeout: 60_000 });
  await page.getByRole('heading', { name: title }).first().waitFor({ timeout: 30_000 });
}

/** Presses Create on the review step and waits for the task's output (its links). */
async function createAndWaitForTask(page, outputLink) {
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\//, { timeout: 30_000 });
  const failed = page.getByText(/^Failed|failed$/).first();
  const done = page.getByRole('button', { name: outputLink });
  await Promise.race([
    done.first().waitFor({ timeout: TASK_TIMEOUT }),
    failed.waitFor({ timeout: TASK_TIMEOUT }).then(async () => {
      throw new Error(`the task failed: ${await page.locator('main').innerText()}`);
    }),
  ]);
}

/**
 * The catalog's list of a kind, reloaded until it links the entity: its page would answer 404
 * (a console error) before the catalog has processed it, later on a loaded machine.
 */
async function waitUntilListed(page, kind, linkName) {
  const deadline = Date.now() + CATALOG_TIMEOUT;
  const listed = page.getByRole('link', { name: linkName });
  for (;;) {
    await page.goto(`${baseUrl}/catalog?filters%5Bkind%5D=${kind}&filters%5Buser%5D=all`);
    try {
      await listed.first().waitFor({ timeout: 15_000 });
      return listed;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/**
 * The environment page's lifecycle step (the current one; Retired, the last, shows as done); the
 * catalog shows a new state at its next processing.
 */
async function waitForLifecycle(page, entityPath, label) {
  const deadline = Date.now() + CATALOG_TIMEOUT;
  const state = label === 'Retired' ? '.Mui-completed' : '.Mui-active';
  const active = page.locator(`[aria-label="lifecycle"] ${state}`, { hasText: label });
  for (;;) {
    await page.goto(`${baseUrl}${entityPath}`);
    try {
      await active.first().waitFor({ timeout: 15_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

test('alice creates an environment: the task proposes it on the local forge', async () => {
  const { page } = alice;
  await chooseTemplate(page, 'Sparki environment');
  await page.locator('#root_name').fill(ENVIRONMENT);
  await selectOption(page, 'tier', /^dev:/);
  await page.locator('#root_owner').click();
  await page.getByRole('option', { name: /platform.team/i }).first().click();
  await page.getByRole('button', { name: 'Next' }).click();

  await selectOption(page, 'accountId', 'sparki-dev (111111111111)');
  await selectOption(page, 'region', 'eu-west-1');
  await page.locator('#root_vpcCidr').fill('10.70.0.0/16');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByText('Optional components').first().waitFor({ timeout: 30_000 });
  await page.getByRole('checkbox', { name: 'ElastiCache Redis' }).uncheck();
  await page.getByRole('button', { name: 'Next' }).click();

  // Before Create: what the root will create per module, and the tier's settings.
  const preview = page.getByRole('region', { name: 'Environment preview' });
  await preview.getByText('aws_eks_cluster.this').waitFor({ timeout: 60_000 });
  await preview.getByText(/^redis \(modules\/redis, \d+ resource blocks\) — not created/).waitFor();
  const setting = label => preview.getByRole('row', { name: new RegExp(`^${label}`) });
  assert.equal(await setting('Database backup retention \\(days\\)').innerText(), 'Database backup retention (days)\t3');
  assert.equal(await setting('Database multi-AZ').innerText(), 'Database multi-AZ\toff');
  await screenshot(page, 'selfservice-environment-preview');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).waitFor({ timeout: 30_000 });
  await screenshot(page, 'selfservice-environment-review');

  await createAndWaitForTask(page, 'Environment in the catalog');
  await page.getByRole('button', { name: /^Change \d+ on branch environment\/payments-qa/ }).waitFor();
  // The preview of the change body, also in the task's output.
  await page.getByRole('button', { name: 'What the root will create' }).click();
  await page.getByText('Resources per module').first().waitFor();
  await page.getByText('aws_eks_cluster.this').first().waitFor();
  await screenshot(page, 'selfservice-environment-task');
});

test('the new environment is in the catalog as proposed, with its open change', async () => {
  const { page } = alice;
  await waitUntilListed(page, 'resource', new RegExp(`\\b${ENVIRONMENT}$`));
  await waitForLifecycle(page, `/catalog/default/resource/${ENVIRONMENT}`, 'Proposed');
  const changes = page.getByRole('list', { name: 'changes' });
  await changes.getByText(/^Change \d+: Environment payments-qa \(dev\)$/).waitFor({ timeout: 30_000 });
  // Alice proposed it: the page tells her someone else merges it.
  await page.getByText('You proposed this change').first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'selfservice-environment-proposed');
});

test("a proposed environment's CIDR is taken for the next one", async () => {
  const { page } = alice;
  await chooseTemplate(page, 'Sparki environment');
  await page.locator('#root_name').fill('payments-qa2');
  await page.locator('#root_owner').click();
  await page.getByRole('option', { name: /platform.team/i }).first().click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('10.70.0.0/16 · Environment payments-qa').waitFor({ timeout: 30_000 });
  await page.locator('#root_vpcCidr').fill('10.70.16.0/20');
  await page
    .getByText(/^10\.70\.16\.0\/20 overlaps 10\.70\.0\.0\/16 of Environment payments-qa /)
    .first()
    .waitFor();
});

test('guest merges the change from the environment page: the environment turns active', async () => {
  const { page } = guest;
  await page.goto(`${baseUrl}/catalog/default/resource/${ENVIRONMENT}`);
  await page.getByRole('button', { name: /^Merge change \d+$/ }).click({ timeout: 60_000 });
  await page.getByText(/^Change \d+ is merged into main/).waitFor({ timeout: 60_000 });
  await waitForLifecycle(page, `/catalog/default/resource/${ENVIRONMENT}`, 'Active');
  await screenshot(page, 'selfservice-environment-active');
});

test('alice updates the environment: the diff of the proposed change is shown', async () => {
  const { page } = alice;
  await chooseTemplate(page, 'Update a Sparki environment');
  await page.locator('#root_environment').click();
  await page.locator('#root_environment').fill(ENVIRONMENT);
  await page.getByRole('option', { name: new RegExp(ENVIRONMENT) }).first().click({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Next' }).click();
  await selectOption(page, 'size', 'medium');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).waitFor({ timeout: 30_000 });

  await createAndWaitForTask(page, /^Change \d+ on branch environment\/payments-qa-update/);
  await page.getByRole('button', { name: 'Diff' }).click();
  const diff = page.locator('[data-testid="text-output-box"]');
  await diff.getByText(/^-size\s+= "small"$/m).first().waitFor({ timeout: 30_000 });
  await diff.getByText(/^\+size\s+= "medium"$/m).first().waitFor();
  await screenshot(page, 'selfservice-environment-update-diff');

  // The change is proposed: open on the environment's page, next to the merged creation.
  await page.goto(`${baseUrl}/catalog/default/resource/${ENVIRONMENT}`);
  const changes = page.getByRole('list', { name: 'changes' });
  await changes
    .getByText(/^Change \d+: Update environment payments-qa$/)
    .waitFor({ timeout: 60_000 });
  await changes.getByText(/· open ·/).first().waitFor();
  await changes.getByText(/· merged ·/).first().waitFor();
});

test('an active environment offers a decommission request: proposed, merged, retired', async () => {
  const { page } = alice;
  const entityPath = `/catalog/default/resource/${ENVIRONMENT}`;
  await page.goto(`${baseUrl}${entityPath}`);
  await page.getByRole('link', { name: 'Request decommission' }).click({ timeout: 60_000 });
  await page.getByRole('heading', { name: 'Decommission a Sparki environment' }).first().waitFor({ timeout: 30_000 });
  // Pre-filled with the environment.
  assert.match(await page.locator('#root_environment').inputValue(), new RegExp(ENVIRONMENT));
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).waitFor({ timeout: 30_000 });
  await createAndWaitForTask(page, /^Change \d+ on branch decommission\/payments-qa/);
  await waitForLifecycle(page, entityPath, 'Decommission requested');
  await screenshot(page, 'selfservice-environment-decommission-requested');

  const merger = guest.page;
  await merger.goto(`${baseUrl}${entityPath}`);
  const changes = merger.getByRole('list', { name: 'changes' });
  const decommission = changes
    .getByRole('listitem')
    .filter({ hasText: /Decommission environment payments-qa/ });
  await decommission.getByRole('button', { name: /^Merge change \d+$/ }).click({ timeout: 60_000 });
  await merger.getByText(/^Change \d+ is merged into main/).waitFor({ timeout: 60_000 });
  await waitForLifecycle(merger, entityPath, 'Retired').catch(async error => {
    await screenshot(merger, 'selfservice-environment-retired-missing');
    throw error;
  });
  await screenshot(merger, 'selfservice-environment-retired');
});

test('alice creates a service from the "Sparki service" template: it is in the catalog', async () => {
  const { page } = alice;
  await chooseTemplate(page, 'Sparki service');
  await page.locator('#root_name').fill(SERVICE);
  await page.locator('#root_owner').click();
  await page.getByRole('option', { name: /platform.team/i }).first().click();
  await page.locator('#root_system').click();
  await page.getByRole('option', { name: /sparki/i }).first().click();
  await page.getByRole('button', { name: 'Next' }).click();

  // One environment per tier: the pipeline deploys to dev, then staging, then prod.
  for (const environment of ['sparki-dev', 'sparki-staging', 'sparki-prod']) {
    await page.locator('#root_environments').click();
    await page.locator('#root_environments').fill(environment);
    await page
      .getByRole('option', { name: `Environment ${environment}`, exact: true })
      .click({ timeout: 30_000 });
  }
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).waitFor({ timeout: 30_000 });
  await createAndWaitForTask(page, 'Service in the catalog');
  await screenshot(page, 'selfservice-service-task');

  const listed = await waitUntilListed(page, 'component', new RegExp(`^${SERVICE}$`));
  await screenshot(page, 'selfservice-service-catalog');
  await listed.first().click();
  await page.getByRole('heading', { name: SERVICE }).first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'selfservice-service-page');
});

test('no console errors during self-service', () => {
  assert.deepEqual(alice.consoleErrors, [], `404: ${notFound.join(', ')}`);
  assert.deepEqual(guest.consoleErrors, [], `404: ${notFound.join(', ')}`);
});
