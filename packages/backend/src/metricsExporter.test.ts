import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import auditTrailPlugin from '@sparki/audit-trail-backend';
import compliancePlugin from '@sparki/compliance-backend';
import securityPosturePlugin from '@sparki/security-posture-backend';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { metricsAddressFromEnv, startMetricsExporter } from './metricsExporter';

jest.setTimeout(180_000);

const repoRoot = resolve(__dirname, '../../..');
const demoCluster = resolve(repoRoot, 'examples/clusters/demo');
const sampleLogs = resolve(repoRoot, 'examples/cloudtrail');
const alertRulesFile = resolve(
  repoRoot,
  'examples/prometheus/sparki-alerts.yaml',
);

interface Series {
  name: string;
  labels: string;
  value: number;
}

/** Series of a Prometheus text exposition: metric name, labels as written, value. */
function parseSeries(text: string): Series[] {
  return text
    .split('\n')
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)/.exec(line);
      if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
      return {
        name: match[1],
        labels: match[2] ?? '',
        value: Number(match[3]),
      };
    });
}

/**
 * The metric names a PromQL expression selects: what is left once strings, label matchers,
 * ranges, durations, grouping clauses, functions and keywords are taken out.
 */
function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(
      /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g,
      '',
    )
    .replace(/\b\d+(?:ms|[smhdwy])\b/g, '');
  const names = [
    ...bare.matchAll(/(?<![\w.:])([a-zA-Z_:][\w:]*)(?![\w:]|\s*\()/g),
  ]
    .map(match => match[1])
    .filter(name => !['and', 'or', 'unless', 'bool', 'offset'].includes(name));
  return [...new Set(names)];
}

describe('metrics exporter', () => {
  let metricsUrl: string;
  let exporter: ReturnType<typeof startMetricsExporter>;
  let beforeScan: Series[];
  let afterScan: Series[];
  let scannedScore: number;
  let brokenArchive: string;

  beforeAll(async () => {
    // The real setup of instrumentation.js, on an ephemeral port, before the plugin starts.
    exporter = startMetricsExporter({ host: '127.0.0.1', port: 0 });
    metricsUrl = await exporter.listening;
    // An archive with one log object that is not valid gzip, for the failed-object counter.
    brokenArchive = mkdtempSync(join(tmpdir(), 'sparki-broken-logs-'));
    const brokenDay = join(
      brokenArchive,
      'AWSLogs/111111111111/CloudTrail/eu-west-1/2026/11/20',
    );
    mkdirSync(brokenDay, { recursive: true });
    writeFileSync(
      join(
        brokenDay,
        '111111111111_CloudTrail_eu-west-1_20261120T1000Z_broken.json.gz',
      ),
      Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
    );
    // No scheduled scan or ingestion: the scan is the request below, the ingestion runs the
    // audit trail's scheduled tasks once, the compliance scores its snapshot task after both.
    const scheduler = mockServices.scheduler.mock();
    const { server } = await startTestBackend({
      features: [
        securityPosturePlugin,
        auditTrailPlugin,
        compliancePlugin,
        scheduler.factory,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            securityPosture: {
              scanOnStartup: false,
              clusters: [
                {
                  name: 'sparki-dev',
                  type: 'manifests',
                  directory: demoCluster,
                },
                // A cluster whose scan fails, for the error counter.
                {
                  name: 'gone',
                  type: 'manifests',
                  directory: resolve(demoCluster, 'does-not-exist'),
                },
              ],
            },
            auditTrail: {
              archives: [
                // As app-config.yaml configures the demo.
                { type: 'local', directory: sampleLogs },
                { type: 'local', directory: brokenArchive },
                // An archive whose listing fails, for failed runs.
                {
                  type: 'local',
                  directory: resolve(sampleLogs, 'does-not-exist'),
                },
              ],
            },
            compliance: {
              cacheSeconds: 0,
              auditTrail: {
                accounts: [
                  { accountId: '111111111111', regions: ['eu-west-1'] },
                ],
              },
            },
          },
        }),
      ],
    });
    beforeScan = parseSeries(await (await fetch(metricsUrl)).text());

    const ingestTasks = scheduler.scheduleTask.mock.calls
      .map(([task]) => task)
      .filter(task => task.id.startsWith('audit-trail-ingest:'));
    if (ingestTasks.length !== 3) {
      throw new Error(`expected 3 ingestion tasks, got ${ingestTasks.length}`);
    }
    for (const task of ingestTasks) {
      await task.fn(new AbortController().signal);
    }

    const scan = await request(server)
      .post('/api/security-posture/scans')
      .set('Authorization', mockCredentials.user.header())
      .send({ cluster: 'sparki-dev' })
      .expect(201);
    scannedScore = scan.body.score;
    await request(server)
      .post('/api/security-posture/scans')
      .set('Authorization', mockCredentials.user.header())
      .send({ cluster: 'gone' })
      .expect(response => {
        if (response.status < 400) throw new Error('the scan of "gone" worked');
      });

    const [complianceTask] = scheduler.scheduleTask.mock.calls
      .map(([task]) => task)
      .filter(task => task.id === 'compliance-score-snapshots');
    await complianceTask.fn(new AbortController().signal);

    const response = await fetch(metricsUrl);
    if (!response.ok) throw new Error(`GET ${metricsUrl}: ${response.status}`);
    afterScan = parseSeries(await response.text());
  });
  afterAll(async () => {
    await exporter?.shutdown();
    if (brokenArchive) rmSync(brokenArchive, { recursive: true, force: true });
  });

  it('serves the posture score gauges at /metrics after a scan', async () => {
    expect(beforeScan.map(s => s.name)).not.toContain(
      'security_posture_cluster_score',
    );

    const clusterScore = afterScan.filter(
      s => s.name === 'security_posture_cluster_score',
    );
    expect(clusterScore).toHaveLength(1);
    expect(clusterScore[0].labels).toContain('cluster="sparki-dev"');
    // The demo cluster has deliberate violations: a score, but not a perfect one.
    expect(clusterScore[0].value).toBe(scannedScore);
    expect(clusterScore[0].value).toBeGreaterThan(0);
    expect(clusterScore[0].value).toBeLessThan(100);

    const names = new Set(afterScan.map(s => s.name));
    for (const name of [
      'security_posture_framework_score',
      'security_posture_namespace_score',
      'security_posture_control_failing_resources',
      'security_posture_scan_duration_count',
      'security_posture_scan_errors_total',
    ]) {
      expect(names).toContain(name);
    }
    expect(
      afterScan.find(
        s =>
          s.name === 'security_posture_namespace_score' &&
          s.labels.includes('namespace="monitoring"'),
      ),
    ).toBeDefined();
    expect(
      afterScan.find(
        s =>
          s.name === 'security_posture_control_failing_resources' &&
          s.labels.includes('severity="critical"') &&
          s.value > 0,
      ),
    ).toBeDefined();

    expect((await fetch(new URL('/other', metricsUrl))).status).toBe(404);
  });

  it('serves the audit trail counters and last-success gauge after ingestion', () => {
    const series = (name: string, ...labels: string[]) =>
      afterScan.filter(
        s => s.name === name && labels.every(l => s.labels.includes(l)),
      );
    // The sample logs contain critical detections (e.g. StopLogging, root account usage).
    expect(
      series('audit_trail_detections_total', 'severity="critical"').length,
    ).toBeGreaterThan(0);
    const sampleSource = `source="local:${sampleLogs}"`;
    expect(
      series('audit_trail_events_ingested_total', sampleSource)[0]?.value,
    ).toBeGreaterThan(0);
    expect(
      series('audit_trail_ingest_runs_total', sampleSource, 'outcome="ok"'),
    ).toEqual([expect.objectContaining({ value: 1 })]);
    expect(series('audit_trail_ingest_runs_total', 'outcome="failed"')).toEqual(
      [expect.objectContaining({ value: 1 })],
    );
    expect(series('audit_trail_archive_failed_objects_total')).toEqual([
      expect.objectContaining({ value: 1 }),
    ]);
    const [lastSuccess] = series(
      'audit_trail_ingest_last_success',
      sampleSource,
    );
    expect(lastSuccess.value).toBeGreaterThan(Date.now() / 1000 - 3600);
    expect(lastSuccess.value).toBeLessThanOrEqual(Date.now() / 1000);
  });

  it('serves the compliance gauges after a snapshot run', () => {
    const series = (name: string, ...labels: string[]) =>
      afterScan.filter(
        s => s.name === name && labels.every(l => s.labels.includes(l)),
      );
    expect(beforeScan.map(s => s.name)).not.toContain(
      'compliance_framework_score',
    );
    // The scanned demo cluster gives CIS Kubernetes data; its deliberate violations (e.g.
    // cluster-admin bindings, privileged containers) fail critical controls.
    const cis = 'framework="cis-kubernetes"';
    const [score] = series('compliance_framework_score', cis, 'mode="audit"');
    expect(score.value).toBeGreaterThanOrEqual(0);
    expect(score.value).toBeLessThan(1);
    for (const name of [
      'compliance_framework_conservative_score',
      'compliance_framework_coverage',
    ]) {
      expect(series(name, cis, 'mode="audit"')).toHaveLength(1);
    }
    expect(series('compliance_framework_waivers', cis)).toEqual([
      expect.objectContaining({ value: 0 }),
    ]);
    const failing = series('compliance_control_failing', cis);
    expect(
      failing.some(
        s => s.value === 1 && s.labels.includes('severity="critical"'),
      ),
    ).toBe(true);
    expect(failing.every(s => s.value === 0 || s.value === 1)).toBe(true);
    expect(failing.every(s => /severity="\w+"/.test(s.labels))).toBe(true);
  });

  it('ships alert rules on metrics the backend exports', () => {
    const exported = new Set(afterScan.map(s => s.name));
    const { groups } = parseYaml(readFileSync(alertRulesFile, 'utf8'));
    const rules = groups.flatMap((group: { rules: unknown[] }) => group.rules);
    expect(rules.length).toBeGreaterThanOrEqual(4);
    // Every plugin with metrics has rules: posture, audit trail and compliance.
    const everyName = new Set(
      rules.flatMap((rule: { expr: string }) => metricNamesOf(rule.expr)),
    );
    for (const name of [
      'security_posture_cluster_score',
      'audit_trail_detections_total',
      'compliance_framework_conservative_score',
      'compliance_control_failing',
    ]) {
      expect(everyName).toContain(name);
    }
    for (const rule of rules) {
      expect(rule).toMatchObject({
        alert: expect.stringMatching(/^[A-Z][A-Za-z]+$/),
        expr: expect.any(String),
        labels: { severity: expect.stringMatching(/^(warning|critical)$/) },
        annotations: { summary: expect.any(String) },
      });
      const names = metricNamesOf(rule.expr);
      expect({ alert: rule.alert, names }).toEqual({
        alert: rule.alert,
        names: expect.arrayContaining([expect.any(String)]),
      });
      const unknown = names.filter(name => !exported.has(name));
      expect({ alert: rule.alert, unknown }).toEqual({
        alert: rule.alert,
        unknown: [],
      });
    }
  });

  it('finds the metric names of PromQL expressions', () => {
    expect(
      metricNamesOf(
        'max by (cluster) (max_over_time(a_score[1d])) - b_score{x="y z"} offset 1d >= 10 and on(cluster) c:rate5m',
      ),
    ).toEqual(['a_score', 'b_score', 'c:rate5m']);
  });

  it('rejects a port that is not a number, and reads the default', () => {
    expect(metricsAddressFromEnv({})).toEqual({
      host: '127.0.0.1',
      port: 9464,
    });
    expect(
      metricsAddressFromEnv({
        SPARKI_METRICS_PORT: '9500',
        SPARKI_METRICS_HOST: '0.0.0.0',
      }),
    ).toEqual({ host: '0.0.0.0', port: 9500 });
    for (const port of ['abc', '-1', '70000', '9464x']) {
      expect(() =>
        metricsAddressFromEnv({ SPARKI_METRICS_PORT: port }),
      ).toThrow(
        `SPARKI_METRICS_PORT must be a port number (0-65535), got "${port}"`,
      );
    }
  });
});
