import { matchingRules } from './rules';
import { AuditEvent, Detection } from './types';

/** The detections of a normalized event, one per matching rule. */
export function detect(event: AuditEvent): Detection[] {
  return matchingRules(event.raw).map(rule => ({
    eventId: event.eventId,
    ruleId: rule.id,
    cisControlId: rule.cisControlId,
    severity: rule.severity,
    eventTime: event.eventTime,
    accountId: event.accountId,
    region: event.region,
    eventName: event.eventName,
    actorArn: event.actorArn,
  }));
}
