import type {
  Actor,
  DeploymentRequest,
  DeploymentVersion,
  RuleStatus,
} from '@sparki/deployments-common';
import { displayRef } from '@sparki/deployments-common';

export function describeVersion(version: DeploymentVersion): string {
  const sha = version.commitSha.slice(0, 7);
  return version.tag ? `${version.tag} (${sha})` : sha;
}

/** A person by name; a pipeline by its identity, on behalf of the commit author when known. */
export function describeRequester(
  requester: DeploymentRequest['requester'],
): string {
  const who =
    requester.kind === 'user'
      ? displayRef(requester.userRef)
      : `pipeline ${requester.identity}`;
  return requester.commitAuthor
    ? `${who} (commit by ${displayRef(requester.commitAuthor)})`
    : who;
}

/** How long ago `iso` was, in the largest whole unit: "just now", "5 minutes ago", "3 days ago". */
export function describeAge(iso: string, now: Date): string {
  const minutes = Math.floor(
    (now.getTime() - new Date(iso).getTime()) / 60_000,
  );
  if (Number.isNaN(minutes)) return iso;
  if (minutes < 1) return 'just now';
  if (minutes < 60) return ago(minutes, 'minute');
  if (minutes < 24 * 60) return ago(Math.floor(minutes / 60), 'hour');
  return ago(Math.floor(minutes / (24 * 60)), 'day');
}

function ago(amount: number, unit: string): string {
  return `${amount} ${unit}${amount === 1 ? '' : 's'} ago`;
}

export const ruleStatusLabels: Record<RuleStatus, string> = {
  met: 'met',
  'not-met': 'not met',
  unknown: 'unknown',
};

export function describeActor(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return displayRef(actor.userRef);
    case 'pipeline':
      return `pipeline ${actor.identity}`;
    default:
      return `the portal (${actor.name})`;
  }
}

/**
 * Why a request needs a person: how it failed (who said so, when, and the decision's comment),
 * or how long a deploy on its way has not moved.
 */
export function describeAttention(
  request: DeploymentRequest,
  now: Date,
): string {
  if (request.state === 'failed') {
    const failure = [...request.decisions]
      .reverse()
      .find(d => d.to === 'failed');
    if (!failure) return `Failed ${describeAge(request.updatedAt, now)}.`;
    return `Failed ${describeAge(failure.at, now)}, reported by ${describeActor(
      failure.by,
    )}${failure.comment ? `: ${failure.comment}` : '.'}`;
  }
  return `Still ${request.state}: nothing has changed since ${describeAge(
    request.updatedAt,
    now,
  )}.`;
}
