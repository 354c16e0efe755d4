import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runPosture } from './main';
import { ScanReport } from './scanReport';

const packageRoot = path.resolve(__dirname, '../..');
const repoRoot = path.resolve(packageRoot, '../..');
const bin = path.join(packageRoot, 'bin/posture.js');
const demo = path.join(repoRoot, 'examples/clusters/demo');
// Two cold starts of Node with the TypeScript transform, on a machine that may be loaded.
const SPAWN_TIMEOUT_MS = 120_000;

function run(
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

async function runInProcess(args: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await runPosture(args, {
    stdout: text => (stdout += text),
    stderr: text => (stderr += text),
    stdin: Readable.from([stdin]),
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
  return { code, stdout, stderr };
}

describe('posture scan (on the demo cluster)', () => {
  it('prints the JSON report and exits 0', async () => {
    const { code, stdout, stderr } = await runInProcess(['scan', demo]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report: ScanReport = JSON.parse(stdout);
    expect(report.cluster).toBe('demo');
    expect(report.ignoredKinds).toEqual({ 'v1/Service': 1, 'v1/ConfigMap': 1 });
    expect(report.score.cluster.score).toEqual(expect.any(Number));
    expect(report.score.cluster.score).toBeLessThan(100);
    expect(Object.keys(report.score.byNamespace)).toEqual(
      expect.arrayContaining(['payments', 'web', 'monitoring']),
    );

    const status = (id: string) => report.controls.find(c => c.id === id)!;
    const failing = (id: string) =>
      status(id).findings.map(f => f.resource.name);
    expect(failing('rbac-cluster-admin-bindings')).toEqual([
      'platform-oncall-admin',
    ]);
    expect(failing('rbac-wildcard-roles')).toEqual(['ci-deployer']);
    expect(failing('rbac-secrets-access')).toEqual(
      expect.arrayContaining(['web-readers', 'web-developers']),
    );
    expect(failing('rbac-node-proxy')).toContain('prometheus');
    expect(failing('workload-privileged-containers')).toEqual([
      'monitoring',
      'default',
      'node-exporter',
    ]);
    expect(failing('workload-host-path-volumes')).toContain('node-exporter');
    expect(failing('network-default-deny-ingress')).toEqual([
      'monitoring',
      'default',
    ]);
    expect(failing('network-default-deny-egress')).toEqual([
      'web',
      'monitoring',
      'default',
    ]);
    expect(failing('network-pods-without-egress-policy')).toContain(
      'legacy-cms',
    );
    expect(failing('network-pods-without-egress-policy')).not.toContain(
      'storefront',
    );
    expect(failing('pss-namespace-enforce')).toEqual([
      'legacy-cms',
      'debug-shell',
    ]);
    expect(failing('general-default-namespace')).toEqual(['hello']);
    expect(status('rbac-system-masters-group').status).toBe('manual');
    // The reference namespace passes its workload controls.
    expect(report.score.byNamespace.payments.score).toBeGreaterThan(
      report.score.byNamespace.monitoring.score!,
    );
    expect(report.whatIf.target).toBe('restricted:latest');
  });

  it('exits 1 when the score is below --fail-under, 0 when above', async () => {
    const below = await runInProcess(['scan', demo, '--fail-under', '99']);
    expect(below.code).toBe(1);
    expect(below.stderr).toMatch(/^Score [\d.]+ is below --fail-under 99/);
    const above = await runInProcess([
      'scan',
      demo,
      '--fail-under',
      '1',
      '--format',
      'table',
    ]);
    expect(above.code).toBe(0);
    expect(above.stdout).toMatch(/^Cluster demo \(.*\): \d+ objects/);
    expect(above.stdout).toMatch(
      /FAIL\s+critical\s+5\.1\.1\s+rbac-cluster-admin-bindings/,
    );
  });

  it('reads stdin and reports bad manifests with the file name and exit code 2', async () => {
    const ok = await runInProcess(
      ['scan', '-', '--level', 'baseline', '--version', 'v1.30'],
      'kind: Namespace\nmetadata: {name: a}\n',
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).whatIf.target).toBe('baseline:v1.30');

    const bad = await runInProcess(['scan', '-'], 'kind: Pod\nmetadata: [\n');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^Invalid manifest: <stdin>: invalid YAML in document 1/,
    );
  });
});

// The one test of the bin itself (argv, stdin, stdout, stderr, exit code): a child Node that
// compiles the TypeScript sources on start, so it gets a generous timeout of its own.
describe('bin/posture.js', () => {
  it(
    'runs a scan from stdin and exits with its code',
    async () => {
      const ok = await run(
        ['scan', '-', '--format', 'table'],
        'kind: Namespace\nmetadata: {name: a}\n',
      );
      expect(ok).toMatchObject({ code: 0, stderr: '' });
      expect(ok.stdout).toMatch(/^Cluster stdin \(.*\): 1 objects/);
      const bad = await run(['scan', '-'], 'kind: Pod\nmetadata: [\n');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^Invalid manifest: <stdin>/);
    },
    SPAWN_TIMEOUT_MS,
  );
});

describe('runPosture', () => {
  it('limits the what-if to --namespace', async () => {
    const { code, stdout } = await runInProcess(
      [
        'scan',
        '-',
        '--namespace',
        'b',
        '--level',
        'baseline',
        '--format',
        'table',
      ],
      'kind: Namespace\nmetadata: {name: a}\n---\nkind: Namespace\nmetadata: {name: b}\n---\nkind: Pod\nmetadata: {name: p, namespace: b}\nspec: {hostPID: true, containers: [{name: c, image: x}]}\n',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /What if namespace b enforced baseline:latest: 1 of 1 workloads would be rejected\n {2}b \(enforces privileged:latest\): Pod\/p\n$/,
    );
  });

  it('scans a single file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-'));
    const file = path.join(dir, 'prod.yaml');
    fs.writeFileSync(
      file,
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n',
    );
    const { code, stdout } = await runInProcess(['scan', file]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      cluster: 'prod',
      objects: 1,
      collectedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('names the file of a bad manifest in a directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-'));
    fs.mkdirSync(path.join(dir, 'web'));
    fs.writeFileSync(
      path.join(dir, 'web', 'ok.yml'),
      'kind: Namespace\nmetadata: {name: web}\n',
    );
    fs.writeFileSync(path.join(dir, 'web', 'broken.json'), '{"kind": "Pod",');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
    const { code, stderr } = await runInProcess(['scan', dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^Invalid manifest: web\/broken\.json: invalid JSON: /,
    );
  });

  it('fails --fail-under when there is no data, rather than passing an empty cluster', async () => {
    const { code, stdout, stderr } = await runInProcess(
      ['scan', '-', '--fail-under', '0'],
      '',
    );
    expect(JSON.parse(stdout).score.cluster).toMatchObject({ score: null });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Score has no data/);
  });

  it('rejects bad usage with exit code 2', async () => {
    expect((await runInProcess([])).code).toBe(2);
    expect(
      (await runInProcess(['scan', '-', '--format', 'xml'])).stderr,
    ).toMatch(/^--format must be json or table/);
    expect((await runInProcess(['scan', '-', '--level', 'strict'])).code).toBe(
      2,
    );
    expect(
      (await runInProcess(['scan', '-', '--version', '1.30'])).stderr,
    ).toMatch(/^--version must be/);
    expect(
      (await runInProcess(['scan', '-', '--fail-under', 'abc'])).code,
    ).toBe(2);
    expect((await runInProcess(['scan', '/does/not/exist'])).stderr).toBe(
      'Cannot read /does/not/exist: no such file or directory\n',
    );
    expect((await runInProcess(['scan', '-', '--unknown'])).code).toBe(2);
    const help = await runInProcess(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: posture scan/);
  });
});
