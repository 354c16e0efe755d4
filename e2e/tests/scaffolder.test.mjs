// The Sparki environment template: listed on /create, its form filled step by step up to the
// review step (the last step before Create), with the client-side checks of the form enforced.
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

// Form fields are located by the ids the scaffolder's form gives them (root_<property>).
async function selectOption(page, property, option) {
  await page.locator(`#root_${property}`).click();
  await page.getByRole('option', { name: option }).click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

test('the create page offers the Sparki environment templates', async () => {
  const { page } = session;
  // The seeded environments come from the local forge's provider, a moment after the backend
  // starts: the CIDR field lists what the catalog has when the form opens.
  const deadline = Date.now() + 120_000;
  const seeded = page.getByRole('link', { name: 'Environment sparki-prod', exact: true });
  for (;;) {
    await page.goto(`${baseUrl}/catalog?filters%5Bkind%5D=resource&filters%5Buser%5D=all`);
    try {
      await seeded.first().waitFor({ timeout: 15_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
  await page.goto(`${baseUrl}/create`);
  await page.getByText('Sparki environment', { exact: true }).first().waitFor({ timeout: 60_000 });
  await page.getByText('Update a Sparki environment', { exact: true }).first().waitFor();
  await screenshot(page, 'scaffolder-templates');
});

test('the environment form is filled step by step up to the review step', async () => {
  const { page } = session;
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText('Sparki environment', { exact: true }) });
  await card.getByRole('button', { name: 'Choose' }).click();
  await page.getByRole('heading', { name: 'Sparki environment' }).first().waitFor({ timeout: 30_000 });

  // Step 1: environment.
  await page.locator('#root_name').fill('Payments_QA');
  await selectOption(page, 'tier', /^prod:/);
  await page.locator('#root_owner').click();
  await page.getByRole('option', { name: /platform.team/i }).first().click();
  await page.getByRole('button', { name: 'Next' }).click();
  // The name pattern is enforced before leaving the step.
  await page.getByText(/must match pattern/i).first().waitFor({ timeout: 30_000 });
  await page.locator('#root_name').fill('payments-qa');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: AWS. The CIDR field lists the CIDRs taken in the catalog and refuses an overlap.
  await selectOption(page, 'accountId', 'sparki-prod (333333333333)');
  await selectOption(page, 'region', 'eu-west-1');
  for (const taken of ['10.10.0.0/16', '10.20.0.0/16', '10.30.0.0/16']) {
    await page.getByText(new RegExp(`^${taken.replaceAll('.', '\\.')} · `)).waitFor({ timeout: 30_000 });
  }
  await page.locator('#root_vpcCidr').fill('10.30.128.0/20');
  await page.getByText(/^10\.30\.128\.0\/20 overlaps 10\.30\.0\.0\/16 of /).first().waitFor();
  await screenshot(page, 'scaffolder-environment-cidr-taken');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText(/VPC CIDR 10\.30\.128\.0\/20 overlaps/).first().waitFor({ timeout: 30_000 });
  await page.locator('#root_vpcCidr').fill('10.60.0.0/24');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText(/must match pattern/i).first().waitFor({ timeout: 30_000 });
  await page.locator('#root_vpcCidr').fill('10.60.0.0/16');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: cluster and components; keep the tier presets.
  await page.getByText('Optional components').first().waitFor();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 4: the preview of what the root will create (e2e/tests/selfservice.test.mjs checks it).
  await page
    .getByRole('region', { name: 'Environment preview' })
    .getByText('aws_eks_cluster.this')
    .waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Review' }).click();

  // Review: the values are shown and Create is offered (not pressed: it would open a PR).
  const create = page.getByRole('button', { name: 'Create' });
  await create.waitFor({ timeout: 30_000 });
  await screenshot(page, 'scaffolder-environment-review');
  for (const value of ['payments-qa', '10.60.0.0/16', /^prod: large/, /333333333333/]) {
    await page.getByText(value, { exact: typeof value === 'string' }).first().waitFor();
  }
  assert.equal(await create.isEnabled(), true);
});

test('no console errors while filling the template', () => {
  // The scaffolder logs each refused step ("Form validation failed"); the test provokes three.
  const unexpected = session.consoleErrors.filter(
    message => !message.startsWith('Form validation failed'),
  );
  assert.deepEqual(unexpected, []);
});
