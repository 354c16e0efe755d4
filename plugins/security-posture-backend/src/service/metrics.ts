import {
  Attributes,
  Meter,
  metrics,
  ObservableResult,
} from '@opentelemetry/api';

/** The figures of one cluster's latest snapshot that the gauges report. */
export interface ClusterMetricsSnapshot {
  cluster: string;
  score: number | null;
  byFramework: Record<string, number | null>;
  /** namespace → framework (`all` for the namespace's roll-up) → score. */
  byNamespace: Record<string, Record<string, number | null>>;
  /** control id → failing resources, with the control's severity. */
  failingByControl: Record<string, { failing: number; severity: string }>;
}

/**
 * OpenTelemetry instruments of the scanner (exported as Prometheus metrics by the backend's
 * metrics exporter, e.g. `security_posture_cluster_score`). Gauges are observable: they report
 * the latest snapshot of each cluster whenever the exporter collects, without per-scan state.
 */
export class PostureMetrics {
  private readonly latest = new Map<string, ClusterMetricsSnapshot>();
  private readonly scanDuration;
  private readonly scanErrors;

  constructor(meter: Meter = metrics.getMeter('security-posture')) {
    this.scanDuration = meter.createHistogram(
      'security_posture.scan.duration',
      {
        description:
          'Duration of a cluster scan: collection, evaluation and storage',
        unit: 's',
      },
    );
    this.scanErrors = meter.createCounter('security_posture.scan.errors', {
      description:
        'Scans that failed, and inventory kinds a scan could not read (partial snapshots)',
    });
    const observe = (
      name: string,
      description: string,
      unit: string,
      report: (
        result: ObservableResult<Attributes>,
        snapshot: ClusterMetricsSnapshot,
      ) => void,
    ) => {
      meter
        .createObservableGauge(name, { description, unit })
        .addCallback(result => {
          for (const snapshot of this.latest.values()) report(result, snapshot);
        });
    };
    observe(
      'security_posture.cluster.score',
      'Score of the latest scan (0-100)',
      '%',
      (result, s) => {
        if (s.score !== null) result.observe(s.score, { cluster: s.cluster });
      },
    );
    observe(
      'security_posture.framework.score',
      'Score per framework',
      '%',
      (result, s) => {
        for (const [framework, score] of Object.entries(s.byFramework)) {
          if (score !== null)
            result.observe(score, { cluster: s.cluster, framework });
        }
      },
    );
    observe(
      'security_posture.namespace.score',
      'Score per namespace and framework',
      '%',
      (result, s) => {
        for (const [namespace, frameworks] of Object.entries(s.byNamespace)) {
          for (const [framework, score] of Object.entries(frameworks)) {
            if (score !== null)
              result.observe(score, {
                cluster: s.cluster,
                namespace,
                framework,
              });
          }
        }
      },
    );
    observe(
      'security_posture.control.failing_resources',
      'Resources failing each control in the latest scan',
      '{resource}',
      (result, s) => {
        for (const [control, { failing, severity }] of Object.entries(
          s.failingByControl,
        )) {
          result.observe(failing, { cluster: s.cluster, control, severity });
        }
      },
    );
  }

  setLatest(snapshot: ClusterMetricsSnapshot) {
    this.latest.set(snapshot.cluster, snapshot);
  }

  recordScan(
    cluster: string,
    seconds: number,
    outcome: 'complete' | 'partial' | 'failed',
  ) {
    this.scanDuration.record(seconds, { cluster, outcome });
  }

  recordScanError(
    cluster: string,
    reason: 'scan-failed' | 'kind-unavailable',
    kind?: string,
  ) {
    this.scanErrors.add(
      1,
      kind ? { cluster, reason, kind } : { cluster, reason },
    );
  }
}
