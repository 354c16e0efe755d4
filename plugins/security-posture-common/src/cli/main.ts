import { parseArgs } from 'node:util';
import { buildInventory, ManifestError, parseManifests } from '../manifests';
import { parsePodSecurityLevel, parsePodSecurityVersion } from '../pss';
import { formatTable } from './formatTable';
import { readManifestFiles } from './readManifestFiles';
import { buildScanReport } from './scanReport';

export const usage = `Usage: posture scan <directory|file|-> [options]

Scans Kubernetes manifests (YAML, multi-document YAML, kind: List, JSON) for the cluster security
posture: CIS Kubernetes v1.12 §5, Pod Security Standards, NetworkPolicy coverage, RBAC.

Options:
  --format <json|table>   output format (default: json)
  --level <level>         Pod Security level for the what-if report (default: restricted)
  --namespace <name>      limit the what-if report to one namespace (default: all)
  --version <v1.N|latest> Pod Security Standards version of the pss-* controls and what-if (default: latest)
  --fail-under <score>    exit with 1 when the cluster score (0-100) is below <score> or has no data
  --cluster <name>        cluster name in the report (default: the directory or file name)
  -h, --help              show this help

Exit codes: 0 success, 1 score below --fail-under, 2 bad usage or unreadable manifests.
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin?: NodeJS.ReadableStream;
  now?: () => Date;
}

class UsageError extends Error {}

function clusterNameOf(target: string): string {
  if (target === '-') return 'stdin';
  const parts = target.replace(/[\\/]+$/, '').split(/[\\/]/);
  return parts[parts.length - 1].replace(/\.(ya?ml|json)$/, '') || 'cluster';
}

/** Runs the CLI; returns the process exit code. */
export async function runPosture(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'json' },
        level: { type: 'string', default: 'restricted' },
        namespace: { type: 'string' },
        version: { type: 'string', default: 'latest' },
        'fail-under': { type: 'string' },
        cluster: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  try {
    const [command, target, ...rest] = positionals;
    if (command !== 'scan' || !target || rest.length > 0) {
      throw new UsageError(
        command && command !== 'scan'
          ? `Unknown command "${command}"`
          : 'Expected: scan <directory|file|->',
      );
    }
    if (values.format !== 'json' && values.format !== 'table') {
      throw new UsageError(
        `--format must be json or table, not "${values.format}"`,
      );
    }
    if (!parsePodSecurityLevel(values.level)) {
      throw new UsageError(
        `--level must be privileged, baseline or restricted, not "${values.level}"`,
      );
    }
    if (!parsePodSecurityVersion(values.version)) {
      throw new UsageError(
        `--version must be "latest" or "v1.N", not "${values.version}"`,
      );
    }
    let failUnder: number | undefined;
    if (values['fail-under'] !== undefined) {
      failUnder = Number(values['fail-under']);
      if (!Number.isFinite(failUnder) || failUnder < 0 || failUnder > 100) {
        throw new UsageError(
          `--fail-under must be a number from 0 to 100, not "${values['fail-under']}"`,
        );
      }
    }

    const files = await readManifestFiles(target, io.stdin);
    const built = buildInventory(parseManifests(files), {
      cluster: values.cluster ?? clusterNameOf(target),
      collectedAt: (io.now?.() ?? new Date()).toISOString(),
    });
    const report = buildScanReport(built, target, {
      level: values.level!,
      namespace: values.namespace,
      version: values.version!,
    });
    io.stdout(
      values.format === 'table'
        ? formatTable(report)
        : `${JSON.stringify(report, null, 2)}\n`,
    );

    if (failUnder !== undefined) {
      const score = report.score.cluster.score;
      if (score === null) {
        io.stderr(
          `Score has no data (${report.score.cluster.reason}); failing --fail-under ${failUnder}\n`,
        );
        return 1;
      }
      if (score < failUnder) {
        io.stderr(`Score ${score} is below --fail-under ${failUnder}\n`);
        return 1;
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${usage}`);
    } else if (error instanceof ManifestError) {
      io.stderr(`Invalid manifest: ${error.message}\n`);
    } else {
      io.stderr(`${(error as Error).message}\n`);
    }
    return 2;
  }
}
