import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { Framework, RawCheckResult } from '@sparki/compliance-common';
import { evaluate } from './evaluation';
import { ComplianceMetrics } from './metrics';

/** Collects on demand, as the Prometheus exporter does on a scrape. */
class CollectingReader extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

const framework: Framework = {
  id: 'test-framework',
  title: 'Test',
  version: '1',
  section: '§1',
  controls: ['workload-host-pid', 'workload-host-ipc'].map(id => ({
    id,
    title: id,
    description: 'd',
    rationale: 'r',
    remediation: 'm',
    severity: 'high' as const,
    requiredChecks: [`posture-control:${id}`],
  })),
};

describe('ComplianceMetrics', () => {
  it('reports the roll-up figures per framework and mode', async () => {
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    const metrics = new ComplianceMetrics(provider.getMeter('compliance'));
    const result: RawCheckResult = {
      checkId: 'posture-control:workload-host-pid',
      scope: { kind: 'cluster', id: 'sparki-prod' },
      state: 'pass',
      observedAt: '2026-12-02T00:00:00.000Z',
    };
    const now = new Date('2026-12-02T01:00:00.000Z');
    metrics.setLatest(
      evaluate({
        frameworks: [framework],
        outcomes: [
          {
            sourceId: 'posture',
            report: { results: [result], snapshots: [], problems: [] },
          },
        ],
        waivers: [],
        attestations: [],
        now,
      }),
    );
    const { resourceMetrics } = await reader.collect();
    const points = Object.fromEntries(
      resourceMetrics.scopeMetrics
        .flatMap(scope => scope.metrics)
        .map(metric => [
          metric.descriptor.name,
          metric.dataPoints.map(p => [p.attributes.mode, p.value]),
        ]),
    );
    expect(points).toEqual({
      'compliance.framework.score': [
        ['operational', 1],
        ['audit', 1],
      ],
      'compliance.framework.conservative_score': [
        ['operational', 0.5],
        ['audit', 0.5],
      ],
      'compliance.framework.coverage': [
        ['operational', 0.5],
        ['audit', 0.5],
      ],
      'compliance.framework.waivers': [[undefined, 0]],
      // host-pid holds; host-ipc has no data and is not reported.
      'compliance.control.failing': [[undefined, 0]],
    });
  });

  it('reports a failing control as 1 with its framework, id and severity', async () => {
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    const metrics = new ComplianceMetrics(provider.getMeter('compliance'));
    const observedAt = '2026-12-02T00:00:00.000Z';
    const scope = { kind: 'cluster' as const, id: 'sparki-prod' };
    metrics.setLatest(
      evaluate({
        frameworks: [framework],
        outcomes: [
          {
            sourceId: 'posture',
            report: {
              results: [
                {
                  checkId: 'posture-control:workload-host-pid',
                  scope,
                  state: 'fail',
                  observedAt,
                },
                {
                  checkId: 'posture-control:workload-host-ipc',
                  scope,
                  state: 'pass',
                  observedAt,
                },
              ],
              snapshots: [],
              problems: [],
            },
          },
        ],
        waivers: [],
        attestations: [],
        now: new Date('2026-12-02T01:00:00.000Z'),
      }),
    );
    const { resourceMetrics } = await reader.collect();
    const failing = resourceMetrics.scopeMetrics
      .flatMap(s => s.metrics)
      .find(metric => metric.descriptor.name === 'compliance.control.failing');
    expect(failing?.dataPoints.map(p => [p.attributes, p.value])).toEqual([
      [
        {
          framework: 'test-framework',
          control: 'workload-host-pid',
          severity: 'high',
        },
        1,
      ],
      [
        {
          framework: 'test-framework',
          control: 'workload-host-ipc',
          severity: 'high',
        },
        0,
      ],
    ]);
  });

  it('reports no score without data (never 0 or 1 for unknown)', async () => {
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    const metrics = new ComplianceMetrics(provider.getMeter('compliance'));
    metrics.setLatest(
      evaluate({
        frameworks: [framework],
        outcomes: [],
        waivers: [],
        attestations: [],
        now: new Date('2026-12-02T01:00:00.000Z'),
      }),
    );
    const { resourceMetrics } = await reader.collect();
    const names = resourceMetrics.scopeMetrics
      .flatMap(scope => scope.metrics)
      .filter(metric => metric.dataPoints.length > 0)
      .map(metric => [
        metric.descriptor.name,
        metric.dataPoints.map(p => p.value),
      ]);
    // No data: conservative score 0 and coverage 0 are facts; the score itself is unknown.
    expect(Object.fromEntries(names)).toEqual({
      'compliance.framework.conservative_score': [0, 0],
      'compliance.framework.coverage': [0, 0],
      'compliance.framework.waivers': [0],
    });
  });
});
