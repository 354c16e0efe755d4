import { Meter, metrics } from '@opentelemetry/api';
import { Evaluation } from './evaluation';

/**
 * OpenTelemetry gauges of the frameworks' roll-up scores (exported as Prometheus metrics by the
 * backend's exporter, e.g. `compliance_framework_score{framework,mode}` and
 * `compliance_control_failing{framework,control,severity}`), observed from the latest
 * evaluation of the snapshot task. Figures without data (null) are not reported, never as 0 or 1.
 */
export class ComplianceMetrics {
  private latest?: Evaluation;

  constructor(meter: Meter = metrics.getMeter('compliance')) {
    const gauge = (
      name: string,
      description: string,
      figure: 'score' | 'conservativeScore' | 'coverage',
    ) =>
      meter
        .createObservableGauge(name, { description, unit: '1' })
        .addCallback(result => {
          for (const f of this.latest?.frameworks ?? []) {
            for (const mode of ['operational', 'audit'] as const) {
              const value = f.rollUp[mode][figure];
              if (value !== null) {
                result.observe(value, { framework: f.framework.id, mode });
              }
            }
          }
        });
    gauge(
      'compliance.framework.score',
      'Framework score over every scope, 0-1 (controls with data)',
      'score',
    );
    gauge(
      'compliance.framework.conservative_score',
      'Framework score with unknown counting as 0, 0-1',
      'conservativeScore',
    );
    gauge(
      'compliance.framework.coverage',
      'Controls with data / applicable controls, 0-1',
      'coverage',
    );
    meter
      .createObservableGauge('compliance.framework.waivers', {
        description: 'Waivers in force behind waived checks of the framework',
      })
      .addCallback(result => {
        for (const f of this.latest?.frameworks ?? []) {
          result.observe(f.rollUp.waivers, { framework: f.framework.id });
        }
      });
    // 1 failing, 0 satisfied or waived (operational reading); controls without data are not
    // reported, so "unknown" never reads as "not failing".
    meter
      .createObservableGauge('compliance.control.failing', {
        description:
          'Whether the control fails over every scope (1) or holds (0); absent without data',
      })
      .addCallback(result => {
        for (const f of this.latest?.frameworks ?? []) {
          for (const control of f.rollUp.controls) {
            if (!['failing', 'satisfied', 'waived'].includes(control.status)) {
              continue;
            }
            result.observe(control.status === 'failing' ? 1 : 0, {
              framework: f.framework.id,
              control: control.controlId,
              severity: control.severity,
            });
          }
        }
      });
  }

  setLatest(evaluation: Evaluation) {
    this.latest = evaluation;
  }
}
