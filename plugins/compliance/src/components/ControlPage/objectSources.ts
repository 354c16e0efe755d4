import type { Detection } from '@sparki/audit-trail-common';
import type { CheckResource, ScopeRef } from '@sparki/compliance-common';

/** The cluster a cluster or namespace scope (`cluster/namespace`) lies in; else undefined. */
export function clusterOfScope(scope: ScopeRef): string | undefined {
  if (scope.kind === 'cluster') return scope.id;
  if (scope.kind === 'namespace') {
    const slash = scope.id.indexOf('/');
    return slash > 0 ? scope.id.slice(0, slash) : undefined;
  }
  return undefined;
}

/** What finds a detection's event in the audit trail, and its rule for triage. */
export type DetectionRef = Pick<
  Detection,
  'eventId' | 'ruleId' | 'eventName' | 'accountId' | 'region' | 'eventTime'
>;

/**
 * The detection an audit-trail resource carries as its evidence (the compliance backend copies the
 * audit-trail backend's `Detection`); undefined when the evidence lacks what the event search needs.
 */
export function detectionOf(resource: CheckResource): DetectionRef | undefined {
  if (resource.ref.source !== 'audit-trail' || !resource.evidence) {
    return undefined;
  }
  const evidence = resource.evidence;
  const text = (key: string) =>
    typeof evidence[key] === 'string' ? (evidence[key] as string) : undefined;
  const [eventId, ruleId, eventName, accountId, region, eventTime] = [
    'eventId',
    'ruleId',
    'eventName',
    'accountId',
    'region',
    'eventTime',
  ].map(text);
  if (!eventId || !ruleId || !eventName || !accountId || !region) {
    return undefined;
  }
  if (!eventTime || Number.isNaN(Date.parse(eventTime))) return undefined;
  return { eventId, ruleId, eventName, accountId, region, eventTime };
}
