import type { DeploymentVersion } from '../../types';
import { displayVersion, plural } from '../describe';
import type { PolicyFacts, RuleOutcome } from '../types';

/** Same commit, different image: a rebuild that has not baked anywhere. */
function isRebuild(a: DeploymentVersion, b: DeploymentVersion): boolean {
  return Boolean(
    a.imageDigest && b.imageDigest && a.imageDigest !== b.imageDigest,
  );
}

/** The same version must have been live in the previous environment for `minutes`. */
export function evaluateBakeTime(
  minutes: number,
  version: DeploymentVersion,
  live: PolicyFacts['previousEnvironmentLive'],
  now: Date,
): RuleOutcome {
  const where = live?.environment ?? 'the previous environment';
  const wanted = displayVersion(version);
  if (!live) {
    return {
      rule: 'bake-time',
      status: 'not-met',
      message: `${wanted} is not live in ${where}; it must run there for ${plural(
        minutes,
        'minute',
      )} first`,
    };
  }
  if (
    live.version.commitSha !== version.commitSha ||
    isRebuild(live.version, version)
  ) {
    const runs =
      live.version.commitSha === version.commitSha
        ? `image ${live.version.imageDigest} of ${wanted}, not ${version.imageDigest}`
        : `${displayVersion(live.version)}, not ${wanted}`;
    return {
      rule: 'bake-time',
      status: 'not-met',
      message: `${where} runs ${runs}; it must run there for ${plural(
        minutes,
        'minute',
      )} first`,
    };
  }
  const since = Date.parse(live.since);
  const baked = Math.max(0, Math.floor((now.getTime() - since) / 60_000));
  if (baked < minutes) {
    return {
      rule: 'bake-time',
      status: 'not-met',
      message: `${wanted} has been live in ${where} for ${plural(
        baked,
        'minute',
      )} of the ${minutes} required (until ${new Date(
        since + minutes * 60_000,
      ).toISOString()})`,
    };
  }
  return {
    rule: 'bake-time',
    status: 'met',
    message: `${wanted} has been live in ${where} for ${plural(
      baked,
      'minute',
    )} (${minutes} required)`,
  };
}
