import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { KubeObject } from '../inventory';
import { listPodWorkloads, PodWorkload } from '../kube/workloads';
import { buildInventory } from '../manifests';
import {
  podSecurityViolations,
  newPodSecurityResults,
} from '../podSecurity/workloadPodSecurity';
import { parsePodSecurityVersion } from './policy';
import {
  evaluatePodSecurity,
  newestPodSecurityPolicyMinor,
  podSecurityChecks,
} from './registry';
import {
  PodSecurityCheckLevel,
  PodSecurityEvaluation,
  PodSecurityVersion,
} from './types';

/**
 * Upstream's pod-security-admission fixtures (test/testdata), unchanged, in the `shared` directory
 * beside the repository root: `<level>/v1.<N>/<pass|fail>/<name>.yaml`.
 */
const fixturesRoot = path.resolve(
  __dirname,
  '../../../../..',
  'shared',
  'conformance',
  'pod-security-admission',
);

const levels: PodSecurityCheckLevel[] = ['baseline', 'restricted'];

const checkIdByFilePrefix = new Map(
  podSecurityChecks.map(check => [check.id.toLowerCase(), check.id]),
);

function versionDirs(level: string): string[] {
  return fs
    .readdirSync(path.join(fixturesRoot, level))
    .filter(dir => parsePodSecurityVersion(dir) !== undefined)
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
}

function fixtureFiles(
  level: string,
  versionDir: string,
  verdict: 'pass' | 'fail',
): string[] {
  const dir = path.join(fixturesRoot, level, versionDir, verdict);
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter(name => name.endsWith('.yaml'))
        .sort()
    : [];
}

function readFixture(file: string): KubeObject {
  return parse(fs.readFileSync(file, 'utf8'));
}

function evaluateFixture(
  level: PodSecurityCheckLevel,
  version: PodSecurityVersion,
  pod: KubeObject,
): PodSecurityEvaluation {
  return evaluatePodSecurity(level, version, pod.metadata, pod.spec);
}

/** The fixture pod as the controls see it: a workload of an inventory built from the manifest. */
function workloadOf(pod: KubeObject): PodWorkload {
  const { inventory } = buildInventory([pod], {
    cluster: 'conformance',
    collectedAt: '2026-01-01T00:00:00.000Z',
  });
  const workloads = listPodWorkloads(inventory);
  if (workloads.length !== 1) {
    throw new Error(`expected one workload, got ${workloads.length}`);
  }
  return workloads[0];
}

function deniedCheckIds(evaluation: PodSecurityEvaluation): string[] {
  return evaluation.results.filter(r => !r.allowed).map(r => r.checkId);
}

const everyLevelAndVersion: Array<{
  level: PodSecurityCheckLevel;
  version: PodSecurityVersion;
}> = Array.from({ length: newestPodSecurityPolicyMinor + 1 }, (_, minor) =>
  levels.map(level => ({ level, version: { major: 1 as const, minor } })),
).flat();

/**
 * The problems of the path the controls take (`podSecurityViolations`, which caches each check's
 * violations per workload and shares them between levels and versions): at the fixture's level
 * and version, and at every other level and version evaluated on the same workload before it
 * (oldest first on one workload, newest first on another), the checks it reports must be exactly
 * the ones `evaluatePodSecurity` denies.
 */
function controlPathProblems(
  label: string,
  pod: KubeObject,
  level: PodSecurityCheckLevel,
  version: PodSecurityVersion,
): string[] {
  const problems: string[] = [];
  const own = { level, version };
  const oldestFirst = [...everyLevelAndVersion, own];
  const newestFirst = [...everyLevelAndVersion].reverse().concat(own);
  for (const order of [oldestFirst, newestFirst]) {
    const workload = workloadOf(pod);
    // Newest first through the results an evaluation shares between workloads, as the controls.
    const shared = order === newestFirst ? newPodSecurityResults() : undefined;
    for (const step of order) {
      const expected = deniedCheckIds(
        evaluateFixture(step.level, step.version, pod),
      );
      const reported = [
        ...new Set(
          podSecurityViolations(workload, step.level, step.version, shared).map(
            violation => violation.checkId,
          ),
        ),
      ];
      if (reported.join() !== expected.join()) {
        problems.push(
          `${label} at ${step.level}:${JSON.stringify(
            step.version,
          )}: controls report [${reported}], evaluatePodSecurity denies [${expected}]`,
        );
      }
    }
  }
  return problems;
}

function deniedBy(evaluation: PodSecurityEvaluation): string {
  return evaluation.results
    .filter(result => !result.allowed)
    .map(
      result =>
        `${result.checkId}: ${result.forbiddenReason} (${result.forbiddenDetail})`,
    )
    .join('; ');
}

/**
 * The problems with one level+version directory: a pass fixture that is not allowed by every
 * check, or a fail fixture that is not denied by the check its file name names (or by the
 * restricted check that overrides it at this level and version).
 */
function conformanceProblems(
  level: PodSecurityCheckLevel,
  versionDir: string,
  version: PodSecurityVersion,
): { checked: number; problems: string[] } {
  const problems: string[] = [];
  let checked = 0;
  for (const name of fixtureFiles(level, versionDir, 'pass')) {
    checked++;
    const label = `${level}/${versionDir}/pass/${name}`;
    const pod = readFixture(
      path.join(fixturesRoot, level, versionDir, 'pass', name),
    );
    const evaluation = evaluateFixture(level, version, pod);
    if (!evaluation.allowed) {
      problems.push(`${label} was denied: ${deniedBy(evaluation)}`);
    }
    problems.push(...controlPathProblems(label, pod, level, version));
  }
  for (const name of fixtureFiles(level, versionDir, 'fail')) {
    checked++;
    const checkId = checkIdByFilePrefix.get(name.replace(/\d*\.yaml$/, ''));
    if (!checkId) {
      problems.push(`${level}/${versionDir}/fail/${name} names no known check`);
      continue;
    }
    const label = `${level}/${versionDir}/fail/${name}`;
    const pod = readFixture(
      path.join(fixturesRoot, level, versionDir, 'fail', name),
    );
    const evaluation = evaluateFixture(level, version, pod);
    problems.push(...controlPathProblems(label, pod, level, version));
    const named = evaluation.results.find(
      result =>
        result.checkId === checkId || result.overrides.includes(checkId),
    );
    if (!named) {
      problems.push(
        `${level}/${versionDir}/fail/${name}: check ${checkId} does not apply`,
      );
    } else if (named.allowed || evaluation.allowed) {
      problems.push(
        `${level}/${versionDir}/fail/${name} was not denied by ${
          named.checkId
        } (denied by: ${deniedBy(evaluation) || 'nothing'})`,
      );
    }
  }
  return { checked, problems };
}

describe('Pod Security Standards conformance with upstream fixtures', () => {
  it('finds the fixtures beside the repository', () => {
    expect(fs.existsSync(fixturesRoot)).toBe(true);
    for (const level of levels) {
      const minors = versionDirs(level).map(dir => Number(dir.slice(3)));
      // Every version from v1.0 to the newest policy change has fixtures, and none is newer.
      expect(minors).toEqual(
        Array.from({ length: newestPodSecurityPolicyMinor + 1 }, (_, i) => i),
      );
    }
  });

  it('runs all 4,537 fixtures of both folders', () => {
    // Counted with the listing the conformance tests below evaluate, so a fixture that stops
    // being found (a renamed folder, a changed filter) fails here instead of silently shrinking.
    const count = (level: string, verdict: 'pass' | 'fail') =>
      versionDirs(level).reduce(
        (sum, dir) => sum + fixtureFiles(level, dir, verdict).length,
        0,
      );
    const counts = Object.fromEntries(
      levels.map(level => [
        level,
        { pass: count(level, 'pass'), fail: count(level, 'fail') },
      ]),
    );
    expect(counts).toEqual({
      baseline: { pass: expect.any(Number), fail: expect.any(Number) },
      restricted: { pass: expect.any(Number), fail: expect.any(Number) },
    });
    for (const level of levels) {
      expect(counts[level].pass).toBeGreaterThan(0);
      expect(counts[level].fail).toBeGreaterThan(0);
    }
    const total = (verdict: 'pass' | 'fail') =>
      levels.reduce((sum, level) => sum + counts[level][verdict], 0);
    expect({ pass: total('pass'), fail: total('fail') }).toEqual({
      pass: 1051,
      fail: 3486,
    });
    expect(total('pass') + total('fail')).toBe(4537);
  });

  describe.each(levels)('%s', level => {
    const dirs = fs.existsSync(fixturesRoot) ? versionDirs(level) : [];

    it.each(dirs)(
      '%s: pass fixtures are allowed, fail fixtures denied by their check',
      dir => {
        const { checked, problems } = conformanceProblems(
          level,
          dir,
          parsePodSecurityVersion(dir)!,
        );
        expect(checked).toBeGreaterThan(0);
        expect(problems).toEqual([]);
      },
    );

    it('evaluates "latest" as the newest version', () => {
      const newest = `v1.${newestPodSecurityPolicyMinor}`;
      const { checked, problems } = conformanceProblems(
        level,
        newest,
        'latest',
      );
      expect(checked).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    });
  });
});
