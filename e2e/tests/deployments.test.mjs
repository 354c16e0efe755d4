// Deploy controls on the demo (issue 9): the pipeline client (sparki-gate) asks for a prod deploy
// of sparki-api with carol as the commit author; carol cannot approve it, dave approves, the
// posture gate holds it until dave overrides it with a reason, and the pipeline's wait exits 0.
// The pipeline reports the preview; dave promotes and rolls back on the entity tab, which the
// history names, and each switch is a commit on the run's own GitOps repository. Carol then
// requests a staging deploy on the entity tab and cancels it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  baseUrl,
  launchBrowser,
  openSignedInAs,
  screenshot,
} from '../lib/portal.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const gateCli = join(root, 'packages/sparki-gate/bin/sparki-gate.js');
// The YAML parser the GitOps provider edits the manifests with (the repository root has none).
const { parseAllDocuments } = createRequire(
  join(root, 'plugins/deployments-backend/package.json'),
)('yaml');
const gitopsRepository = join(
  process.env.SPARKI_E2E_FORGE_DIR ?? '',
  'gitops.git',
);
const servicesFile = 'sparki-prod/sparki-api/services.yaml';
const service = 'component:default/sparki-api';
// A version of this run only, so the cards and history lines found are this run's.
const commitSha = randomBytes(20).toString('hex');
const tag = `e2e-${commitSha.slice(0, 6)}`;
const version = `${tag} (${commitSha.slice(0, 7)})`;
// Generous limits for a loaded 2-core machine: waits end as soon as the content is there.
const uiTimeout = 60_000;
// The pipeline's wait spans this test and the next two (sign-ins, page loads, dialogs).
const gateTimeoutMs = 900_000;

let browser;
let requestId;
let pipelineWait;
let dave;

/**
 * Runs `sparki-gate <args>` as a pipeline would (its own process, the e2e pipeline's token) and
 * resolves to its exit code and output; killed after `gateTimeoutMs` at the latest.
 */
function runGate(args) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('GITHUB_')) delete env[name]; // not a GitHub Actions run
  }
  const child = spawn(process.execPath, [gateCli, ...args], {
    env: {
      ...env,
      SPARKI_PORTAL_URL: baseUrl,
      SPARKI_GATE_TOKEN: process.env.SPARKI_E2E_GATE_TOKEN ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: gateTimeoutMs,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => (stderr += chunk));
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr }),
    );
  });
  // The child too, so a failed test can stop a pipeline still waiting.
  return Object.assign(exited, { child });
}

function assertGateSucceeded(result, what) {
  assert.equal(
    result.code,
    0,
    `${what}: exit ${result.code ?? result.signal}\n${result.stdout}${
      result.stderr
    }`,
  );
}

function git(...args) {
  return execFileSync('git', ['--git-dir', gitopsRepository, ...args], {
    encoding: 'utf8',
  }).trim();
}

/** The `version` the live Service `sparki-api` selects at a commit of the GitOps repository. */
function liveColorAt(commit) {
  const documents = parseAllDocuments(git('show', `${commit}:${servicesFile}`));
  const live = documents
    .map(document => document.toJS())
    .find(
      object =>
        object?.kind === 'Service' && object.metadata?.name === 'sparki-api',
    );
  return live?.spec?.selector?.version;
}

/** This run's request on the Approvals page (`tab` waiting or all). */
async function openRequestCard(page, tab) {
  await page.goto(`${baseUrl}/deployments?tab=${tab}`);
  const card = page
    .getByRole('article', { name: 'sparki-api to prod' })
    .filter({ hasText: version });
  await card.waitFor({ timeout: uiTimeout });
  return card;
}

/** A rule of the card's policy evaluation by its label, e.g. "Posture gate". */
function ruleItem(card, label) {
  return card
    .getByRole('list', { name: 'policy evaluation' })
    .getByRole('listitem')
    .filter({ hasText: `${label}:` });
}

/** Waits until the card's state chip says `state`. */
async function expectState(card, state) {
  await card
    .getByText(state, { exact: true })
    .first()
    .waitFor({ timeout: uiTimeout });
}

/** The Deployments tab of sparki-api; resolves to its prod environment card. */
async function openEntityTab(page) {
  await page.goto(
    `${baseUrl}/catalog/default/component/sparki-api/deployments`,
  );
  const prod = page.getByRole('region', { name: 'environment prod' });
  await prod.waitFor({ timeout: uiTimeout });
  return prod;
}

before(async () => {
  assert.ok(
    process.env.SPARKI_E2E_GATE_TOKEN,
    'run through e2e/run.mjs (it makes the token)',
  );
  browser = await launchBrowser();
});

after(async () => {
  pipelineWait?.child?.kill();
  await browser?.close();
});

test('the pipeline client requests a prod deploy of sparki-api, written by carol', async () => {
  const result = await runGate([
    'request',
    '--service',
    service,
    '--environment',
    'prod',
    '--version',
    commitSha,
    '--tag',
    tag,
    '--reason',
    `release ${tag} (e2e)`,
    '--commit-author',
    'user:default/carol',
  ]);
  assertGateSucceeded(result, 'sparki-gate request');
  const match = result.stdout.match(
    /request ([0-9a-f-]{36}) is awaiting-approval/,
  );
  assert.ok(match, `a request awaiting approval:\n${result.stdout}`);
  requestId = match[1];
  assert.match(result.stdout, /approvals: not-met: needs 1 more approval/);
  // The pipeline waits for the decision while the approvers act in the portal.
  pipelineWait = runGate(['wait', requestId, '--timeout', '14m']);
});

test('carol is told she cannot approve the request she wrote', async () => {
  assert.ok(requestId, 'the request was made');
  const { page, consoleErrors } = await openSignedInAs(browser, 'carol');
  try {
    // Not in her inbox: she may not approve it.
    await page.goto(`${baseUrl}/deployments`);
    await page
      .getByText('No request is waiting for your approval.')
      .waitFor({ timeout: uiTimeout });
    const card = await openRequestCard(page, 'all');
    await card.getByText('pipeline e2e-pipeline (commit by carol)').waitFor();
    await card
      .getByText(
        'You cannot approve: carol wrote the commit, so carol cannot approve',
      )
      .waitFor({ timeout: uiTimeout });
    assert.equal(
      await card.getByRole('button', { name: 'Approve' }).isDisabled(),
      true,
    );
    await screenshot(page, 'deployments-1-carol-cannot-approve');
    assert.deepEqual(consoleErrors, []);
  } finally {
    await page.close();
  }
});

test('dave approves; the posture gate still holds the request until he overrides it', async () => {
  assert.ok(requestId, 'the request was made');
  dave = await openSignedInAs(browser, 'dave');
  const { page } = dave;
  let card = await openRequestCard(page, 'waiting');
  // The posture gate of prod (score ≥ 80, fresh, no failing critical control) is not met:
  // the score of sparki-prod is below 80 or unknown.
  const postureRule = ruleItem(card, 'Posture gate');
  await postureRule.waitFor({ timeout: uiTimeout });
  assert.match(await postureRule.innerText(), /^(not met|unknown)\s/);
  await screenshot(page, 'deployments-2-dave-inbox');

  await card.getByRole('button', { name: 'Approve' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByLabel('Comment').fill('release notes reviewed');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await dialog.waitFor({ state: 'detached', timeout: uiTimeout });

  // Approved by dave, still awaiting: the posture gate holds it.
  card = await openRequestCard(page, 'all');
  await expectState(card, 'awaiting-approval');
  await ruleItem(card, 'Approvals')
    .filter({ hasText: /^met/ })
    .waitFor({ timeout: uiTimeout });
  assert.match(
    await ruleItem(card, 'Posture gate').innerText(),
    /^(not met|unknown)\s/,
  );
  await screenshot(page, 'deployments-3-held-by-posture-gate');

  const reason = 'sparki-prod posture scan is stale; hotfix approved by CAB-42';
  await card.getByRole('button', { name: 'Override posture gate' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason (required)').fill(reason);
  await dialog.getByRole('button', { name: 'Override posture gate' }).click();
  await dialog.waitFor({ state: 'detached', timeout: uiTimeout });

  card = await openRequestCard(page, 'all');
  await expectState(card, 'approved');
  await ruleItem(card, 'Posture gate')
    .filter({ hasText: reason })
    .waitFor({ timeout: uiTimeout });
  await screenshot(page, 'deployments-4-overridden-approved');

  const waited = await pipelineWait;
  assertGateSucceeded(waited, 'sparki-gate wait');
  assert.match(waited.stdout, new RegExp(`request ${requestId} is approved`));
});

test('dave promotes the reported preview on the entity tab and rolls it back', async () => {
  assert.ok(dave, 'dave approved');
  const { page, consoleErrors } = dave;
  for (const event of ['start-deploy', 'preview-ready']) {
    const result = await runGate([
      'report',
      requestId,
      '--event',
      event,
      '--key',
      `e2e-${event}`,
    ]);
    assertGateSucceeded(result, `sparki-gate report ${event}`);
  }
  let prod = await openEntityTab(page);
  let pending = prod.getByRole('article', { name: `request ${version}` });
  await pending
    .getByText('preview-ready', { exact: true })
    .waitFor({ timeout: uiTimeout });
  await screenshot(page, 'deployments-5-preview-ready');
  await pending.getByRole('button', { name: 'Promote' }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByText(`Promote sparki-api ${version} in prod?`).waitFor();
  await dialog.getByLabel('Comment').fill('preview checks green');
  await dialog.getByRole('button', { name: 'Promote' }).click();
  await dialog.waitFor({ state: 'detached', timeout: uiTimeout });
  await pending
    .getByText('promoted', { exact: true })
    .waitFor({ timeout: uiTimeout });

  // The switch is a commit by dave on the GitOps repository (seeded from examples/gitops, where
  // blue is live): the live Service selects green.
  const promoteCommit = git('rev-parse', 'HEAD');
  assert.equal(liveColorAt(`${promoteCommit}~1`), 'blue');
  assert.equal(liveColorAt(promoteCommit), 'green');
  assert.match(git('log', '-1', '--format=%an <%ae>', promoteCommit), /dave/i);
  assert.match(
    git('log', '-1', '--format=%B', promoteCommit),
    new RegExp(`Sparki-Request: ${requestId}`),
  );

  // The pipeline sees the new color healthy and reports it live.
  assertGateSucceeded(
    await runGate([
      'report',
      requestId,
      '--event',
      'live',
      '--key',
      'e2e-live',
    ]),
    'sparki-gate report live',
  );
  prod = await openEntityTab(page);
  await prod
    .getByTestId('live-prod')
    .filter({ hasText: version })
    .waitFor({ timeout: uiTimeout });
  await screenshot(page, 'deployments-6-promoted-live');

  const reason = 'error rate above SLO after the switch';
  await prod.getByRole('button', { name: 'Roll back' }).first().click();
  dialog = page.getByRole('dialog');
  await dialog.getByText(`Roll back sparki-api ${version} in prod?`).waitFor();
  await dialog.getByLabel('Reason (required)').fill(reason);
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await dialog.waitFor({ state: 'detached', timeout: uiTimeout });
  const takenOff = prod
    .getByTestId('live-prod')
    .filter({ hasText: 'was rolled back' });
  await takenOff.waitFor({ timeout: uiTimeout });
  const takenOffText = await takenOff.innerText();
  assert.ok(takenOffText.startsWith(version), takenOffText);
  assert.match(
    takenOffText,
    /by dave; the version serving now did not go live/,
  );

  // Switched back by a second commit: blue again, with dave's reason.
  const rollbackCommit = git('rev-parse', 'HEAD');
  assert.equal(git('rev-parse', `${rollbackCommit}~1`), promoteCommit);
  assert.equal(liveColorAt(rollbackCommit), 'blue');
  assert.match(git('log', '-1', '--format=%an <%ae>', rollbackCommit), /dave/i);
  assert.match(
    git('log', '-1', '--format=%B', rollbackCommit),
    new RegExp(reason),
  );

  // The history names everyone, newest first.
  const history = page.getByRole('list', { name: 'deployment history' });
  const line = (event, by) =>
    history
      .getByRole('listitem')
      .filter({ hasText: `prod: ${event} ${version} by ${by}` });
  await line('rollback', 'dave')
    .filter({ hasText: reason })
    .waitFor({ timeout: uiTimeout });
  for (const [event, by] of [
    ['live', 'pipeline e2e-pipeline'],
    ['promote', 'dave'],
    ['preview-ready', 'pipeline e2e-pipeline'],
    ['start-deploy', 'pipeline e2e-pipeline'],
    ['override', 'dave'],
    ['approve', 'dave'],
    ['submit', 'pipeline e2e-pipeline'],
  ]) {
    await line(event, by).first().waitFor({ timeout: uiTimeout });
  }
  await line('override', 'dave')
    .filter({ hasText: 'hotfix approved by CAB-42' })
    .waitFor();
  await history.scrollIntoViewIfNeeded();
  await screenshot(page, 'deployments-7-rolled-back-history');
  assert.deepEqual(consoleErrors, []);
});

test('carol requests a staging deploy on the entity tab and cancels it', async () => {
  const { page, consoleErrors } = await openSignedInAs(browser, 'carol');
  try {
    await openEntityTab(page);
    const staging = page.getByRole('region', { name: 'environment staging' });
    const stagingSha = randomBytes(20).toString('hex');
    const stagingTag = `e2e-staging-${stagingSha.slice(0, 6)}`;
    const stagingVersion = `${stagingTag} (${stagingSha.slice(0, 7)})`;
    await staging.getByRole('button', { name: 'Request a deploy' }).click();
    let dialog = page.getByRole('dialog');
    await dialog
      .getByText('Request a deploy of sparki-api to staging')
      .waitFor();
    await dialog.getByLabel('Commit sha (required)').fill(stagingSha);
    await dialog.getByLabel('Tag').fill(stagingTag);
    await dialog.getByLabel('Reason (required)').fill('try the new cache');
    await dialog.getByRole('button', { name: 'Request', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: uiTimeout });

    // It waits for a release approver other than carol, and she may withdraw it.
    const pending = staging.getByRole('article', {
      name: `request ${stagingVersion}`,
    });
    await pending
      .getByText('awaiting-approval', { exact: true })
      .waitFor({ timeout: uiTimeout });
    await screenshot(page, 'deployments-8-staging-requested');
    await pending.getByRole('button', { name: 'Cancel request' }).click();
    dialog = page.getByRole('dialog');
    await dialog
      .getByText(
        `Cancel the request for sparki-api ${stagingVersion} in staging?`,
      )
      .waitFor();
    await dialog.getByLabel('Comment').fill('wrong branch');
    await dialog.getByRole('button', { name: 'Cancel request' }).click();
    await dialog.waitFor({ state: 'detached', timeout: uiTimeout });
    await pending.waitFor({ state: 'detached', timeout: uiTimeout });

    const history = page.getByRole('list', { name: 'deployment history' });
    await history
      .getByRole('listitem')
      .filter({ hasText: `staging: cancel ${stagingVersion} by carol` })
      .filter({ hasText: 'wrong branch' })
      .waitFor({ timeout: uiTimeout });
    await screenshot(page, 'deployments-9-staging-cancelled');
    assert.deepEqual(consoleErrors, []);
  } finally {
    await page.close();
  }
});
