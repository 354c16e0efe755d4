import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
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

function evaluateFixture(
  level: PodSecurityCheckLevel,
  version: PodSecurityVersion,
  file: string,
): PodSecurityEvaluation {
  const pod = parse(fs.readFileSync(file, 'utf8'));
  return evaluatePodSecurity(level, version, pod.metadata, pod.spec);
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
    const evaluation = evaluateFixture(
      level,
      version,
      path.join(fixturesRoot, level, versionDir, 'pass', name),
    );
    if (!evaluation.allowed) {
      problems.push(
        `${level}/${versionDir}/pass/${name} was denied: ${deniedBy(
          evaluation,
        )}`,
      );
    }
  }
  for (const name of fixtureFiles(level, versionDir, 'fail')) {
    checked++;
    const checkId = checkIdByFilePrefix.get(name.replace(/\d*\.yaml$/, ''));
    if (!checkId) {
      problems.push(`${level}/${versionDir}/fail/${name} names no known check`);
      continue;
    }
    const evaluation = evaluateFixture(
      level,
      version,
      path.join(fixturesRoot, level, versionDir, 'fail', name),
    );
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
