import { ScoreSummary } from '../score';
import { ScanReport } from './scanReport';

const findingsShownPerControl = 10;

function pad(value: string, width: number): string {
  return value.length >= width
    ? value
    : value + ' '.repeat(width - value.length);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map(row => row[column].length)),
  );
  return rows
    .map(row =>
      row
        .map((cell, i) => pad(cell, widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatScore(summary: ScoreSummary | undefined): string {
  if (!summary || summary.score === null) return 'no data';
  return `${summary.score.toFixed(1)} %`;
}

/** The report for people: scores, one line per control, then the findings of failing controls. */
export function formatTable(report: ScanReport): string {
  const out: string[] = [];
  out.push(
    `Cluster ${report.cluster} (${report.source}): ${report.objects} objects`,
  );
  const ignored = Object.entries(report.ignoredKinds);
  if (ignored.length > 0) {
    out.push(
      `Ignored kinds: ${ignored
        .map(([kind, count]) => `${kind} (${count})`)
        .join(', ')}`,
    );
  }
  out.push('', `Score: ${formatScore(report.score.cluster)}`);
  if (report.score.cluster.reason) out.push(report.score.cluster.reason);
  out.push(
    '',
    table([
      ['FRAMEWORK', 'SCORE', 'PASS', 'FAIL', 'UNKNOWN', 'MANUAL'],
      ...Object.entries(report.score.byFramework).map(([framework, s]) => [
        framework,
        formatScore(s),
        String(s!.passing),
        String(s!.failing),
        String(s!.unknown),
        String(s!.manual),
      ]),
    ]),
    '',
    table([
      ['NAMESPACE', 'SCORE', 'FAILING CONTROLS'],
      ...Object.entries(report.score.byNamespace).map(([namespace, s]) => [
        namespace,
        formatScore(s),
        String(s.failing),
      ]),
    ]),
    '',
    table([
      ['STATUS', 'SEVERITY', 'CIS', 'CONTROL', 'FAILING', 'SCORE', 'TITLE'],
      ...report.controls.map(c => [
        c.status.toUpperCase(),
        c.severity,
        c.cisKubernetes ?? '-',
        c.id,
        c.applicable > 0 ? `${c.failing}/${c.applicable}` : '-',
        c.score === null ? '-' : `${c.score.toFixed(1)} %`,
        c.title,
      ]),
    ]),
  );
  for (const control of report.controls.filter(c => c.status === 'fail')) {
    out.push(
      '',
      `${control.id} (${control.severity}, runbook ${control.runbook}):`,
    );
    for (const finding of control.findings.slice(0, findingsShownPerControl)) {
      out.push(`  - ${finding.message}`);
    }
    if (control.findings.length > findingsShownPerControl) {
      out.push(
        `  … and ${control.findings.length - findingsShownPerControl} more`,
      );
    }
  }
  const manual = report.controls.filter(
    c => c.status === 'manual' || c.status === 'unknown',
  );
  if (manual.length > 0) {
    out.push('', 'Not evaluated:');
    for (const control of manual)
      out.push(`  - ${control.id} (${control.status}): ${control.reason}`);
  }
  out.push(
    '',
    `What if ${
      report.whatIf.namespaces.length === 1
        ? `namespace ${report.whatIf.namespaces[0].namespace}`
        : 'every namespace'
    } enforced ${report.whatIf.target}: ${report.whatIf.rejectedCount} of ${
      report.whatIf.evaluated
    } workloads would be rejected`,
  );
  for (const ns of report.whatIf.namespaces.filter(
    n => n.rejected.length > 0,
  )) {
    out.push(
      `  ${ns.namespace} (enforces ${ns.currentEnforce}): ${ns.rejected
        .map(r => `${r.resource.kind}/${r.resource.name}`)
        .join(', ')}`,
    );
  }
  return `${out.join('\n')}\n`;
}
