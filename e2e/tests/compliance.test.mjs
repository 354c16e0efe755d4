// The auditor's path on the demo data: bob (security auditor) signs in → overview → framework →
// control 5.2.8 → the failing pod's YAML; a waiver requested by alice (platform team), approved by
// bob and shown as waived; then bob's evidence pack, whose every file hash is checked against its
// manifest, the manifest against the hash the page showed, and the source snapshots' hashes
// against the snapshots the posture backend stored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  baseUrl,
  launchBrowser,
  openSignedInAs,
  screenshot,
} from '../lib/portal.mjs';

const cluster = 'sparki-dev';
const scopeQuery = `scope=${encodeURIComponent(`cluster:${cluster}`)}`;
// CIS Kubernetes 5.2.8 (NET_RAW added): the demo's bare pod web/debug-shell fails it.
const controlId = '5.2.8';
const controlUrl = `${baseUrl}/compliance/frameworks/cis-kubernetes/controls/${controlId}`;
const reason = `e2e: tcpdump pod kept until the demo cluster is rebuilt (${Date.now()})`;

let browser;
let bob;
let alice;
/** Bob's Backstage token, read off the page's own API calls, for checking the pack's hashes. */
let bobToken;
const downloads = mkdtempSync(join(tmpdir(), 'sparki-e2e-pack-'));

before(async () => {
  browser = await launchBrowser();
  bob = await openSignedInAs(browser, 'bob');
  bob.page.on('request', request => {
    const header = request.headers().authorization;
    if (header?.startsWith('Bearer ') && request.url().includes('/api/')) {
      bobToken = header.slice('Bearer '.length);
    }
  });
  alice = await openSignedInAs(browser, 'alice');
});

after(async () => {
  await browser?.close();
  rmSync(downloads, { recursive: true, force: true });
});

/** A backend route as bob, straight from the test (the page's token). */
async function api(path) {
  assert.ok(bobToken, "bob's page has called the backend");
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${bobToken}` },
  });
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return response;
}

/** The files of a tar archive by path (regular files; pax headers applied for long names). */
function untar(buffer) {
  const files = new Map();
  let offset = 0;
  let longName;
  const field = (start, length) => {
    const bytes = buffer.subarray(offset + start, offset + start + length);
    const end = bytes.indexOf(0);
    return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
  };
  while (offset + 512 <= buffer.length) {
    if (buffer.subarray(offset, offset + 512).every(byte => byte === 0)) break;
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(buffer[offset + 156]);
    const body = buffer.subarray(offset + 512, offset + 512 + size);
    if (type === 'x') {
      longName = /\d+ path=([^\n]+)\n/.exec(body.toString('utf8'))?.[1];
    } else if (type === '0' || type === '\0') {
      files.set(longName ?? name, body);
      longName = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

const sha256 = bytes => createHash('sha256').update(bytes).digest('hex');

/** The backend scans the demo cluster at startup: reload until the control fails in the cluster. */
async function openFailingControl(page) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    await page.goto(
      `${baseUrl}/compliance/frameworks/cis-kubernetes?${scopeQuery}`,
    );
    const row = page
      .getByRole('table', { name: 'controls' })
      .getByTestId(`control-${controlId}`)
      .filter({ hasText: 'failing' });
    try {
      await row.waitFor({ timeout: 30_000 });
      await row.getByRole('link').first().click();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

test(
  "bob: overview → framework → control → the failing pod's YAML",
  { timeout: 600_000 },
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
      await page.waitForURL(/\/controls\/5\.2\.8/);
      const failingRow = page
        .getByRole('table', { name: 'results' })
        .getByTestId('result-row')
        .filter({ hasText: cluster })
        .filter({ hasText: 'fail' })
        .first();
      await failingRow.waitFor({ timeout: 60_000 });
      await page
        .getByRole('region', { name: 'control history' })
        .waitFor({ timeout: 60_000 });
      await screenshot(page, 'compliance-control');

      await failingRow.getByRole('button', { name: 'Objects' }).click();
      const dialog = page.getByRole('dialog');
      const pod = dialog
        .getByRole('table', { name: 'objects' })
        .getByRole('row')
        .filter({ hasText: 'Pod web/debug-shell' });
      await pod.waitFor({ timeout: 60_000 });
      await pod.getByRole('button', { name: 'Details' }).click();
      const details = dialog.getByRole('region', {
        name: /^details of Pod web\/debug-shell/,
      });
      assert.match(
        await details.innerText(),
        /Source record: posture-control \d+/,
      );
      const yaml = details.getByLabel(/^YAML of Pod web\/debug-shell/);
      await yaml.waitFor({ timeout: 60_000 });
      const text = await yaml.innerText();
      assert.match(text, /kind: Pod/);
      assert.match(text, /name: debug-shell/);
      assert.match(text, /NET_RAW/);
      await yaml.scrollIntoViewIfNeeded();
      await screenshot(page, 'compliance-failing-pod-yaml');
      await dialog.getByRole('button', { name: 'Close' }).click();
    } finally {
      await screenshot(page, 'compliance-path-end');
    }
  },
);

test(
  'alice requests a waiver, bob approves it, the result shows as waived',
  { timeout: 600_000 },
  async () => {
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
      assert.match(await register.innerText(), /alice/);
      await screenshot(page, 'compliance-waived');
    }
  },
);

test(
  "bob's evidence pack: its hashes match the manifest, the page and the stored snapshots",
  { timeout: 600_000 },
  async () => {
    const { page } = bob;
    await page.goto(
      `${baseUrl}/compliance/frameworks/cis-kubernetes?${scopeQuery}`,
    );
    await page.getByRole('button', { name: 'Evidence pack' }).click();
    const dialog = page.getByRole('dialog');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      dialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const shown = (
      await dialog.getByTestId('manifest-sha256').innerText({ timeout: 60_000 })
    ).trim();
    await dialog
      .getByText('Checked here: the saved manifest.json hashes to this value.')
      .waitFor({ timeout: 60_000 });
    await screenshot(page, 'compliance-evidence-pack');

    const files = untar(gunzipSync(readFileSync(file)));
    const manifestBytes = files.get('manifest.json');
    assert.ok(manifestBytes, 'the pack holds manifest.json');
    assert.equal(sha256(manifestBytes), shown, 'manifest hash as shown');
    const manifest = JSON.parse(manifestBytes.toString('utf8'));
    assert.equal(manifest.framework.id, 'cis-kubernetes');
    assert.deepEqual(manifest.scope, { kind: 'cluster', id: cluster });
    assert.equal(manifest.generatedBy, 'user:default/bob');
    assert.ok(manifest.files.length > 5, 'the manifest lists the files');
    for (const entry of manifest.files) {
      const bytes = files.get(entry.path);
      assert.ok(bytes, `${entry.path} is in the archive`);
      assert.equal(sha256(bytes), entry.sha256, `${entry.path} hash`);
      assert.equal(bytes.length, entry.bytes, `${entry.path} size`);
    }
    assert.equal(
      files.size,
      manifest.files.length + 1,
      'nothing in the archive the manifest does not list',
    );
    // The waiver bob approved is in the register.
    const waivers = [...files.entries()].find(([path]) =>
      /waivers.*\.json$/.test(path),
    );
    assert.ok(waivers, 'the pack has the waiver register');
    assert.match(waivers[1].toString('utf8'), /tcpdump pod kept/);

    // The source snapshots' hashes are those the posture backend stored for the scanned cluster.
    const posture = manifest.sources.filter(source =>
      source.id.startsWith(`cluster:${cluster}:snapshot:`),
    );
    assert.ok(posture.length > 0, `the pack names ${cluster}'s snapshot`);
    for (const source of posture) {
      const id = source.id.split(':').pop();
      const stored = await (
        await api(`/api/security-posture/snapshots/${id}`)
      ).json();
      assert.equal(stored.sha256, source.sha256, `snapshot ${id} hash`);
      const document = Buffer.from(
        await (
          await api(`/api/security-posture/snapshots/${id}/document`)
        ).arrayBuffer(),
      );
      assert.equal(sha256(document), source.sha256, `snapshot ${id} content`);
    }
  },
);

test(
  "bob's printable report: scores, controls and the waiver, on paper without the portal around it",
  { timeout: 600_000 },
  async () => {
    const { page } = bob;
    await page.goto(
      `${baseUrl}/compliance/frameworks/cis-kubernetes?${scopeQuery}`,
    );
    await page.getByRole('link', { name: 'Printable report' }).click();
    await page
      .getByRole('heading', {
        name: 'Compliance report: CIS Kubernetes Benchmark',
      })
      .waitFor({ timeout: 60_000 });
    assert.match(
      await page.getByRole('table', { name: 'scores' }).innerText(),
      /Coverage \(controls with data ÷ applicable\)/,
    );
    assert.match(
      await page
        .getByRole('table', { name: 'controls' })
        .getByRole('row')
        .filter({ hasText: controlId })
        .innerText(),
      /waived/,
    );
    await page
      .getByRole('table', { name: 'waivers' })
      .getByRole('row')
      .filter({ hasText: reason })
      .waitFor({ timeout: 60_000 });

    await page.emulateMedia({ media: 'print' });
    try {
      assert.equal(
        await page.getByRole('navigation', { name: 'sidebar nav' }).isVisible(),
        false,
        'the sidebar is not printed',
      );
      assert.equal(
        await page.getByRole('button', { name: 'Print' }).isVisible(),
        false,
        'the print button is not printed',
      );
      await screenshot(page, 'compliance-report-print');
    } finally {
      await page.emulateMedia({ media: null });
    }
  },
);
