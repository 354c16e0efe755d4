import {
  AuditEventPage,
  AuditEventQuery,
  CountInterval,
  EntityEventScope,
  EventCountBucket,
} from '@sparki/audit-trail-common';

/** Event search and counts: answered by the plugin database or pushed down to Athena. */
export interface EventQueryService {
  searchEvents(
    query: AuditEventQuery,
    scope?: EntityEventScope,
  ): Promise<AuditEventPage>;
  countEvents(
    query: AuditEventQuery,
    interval: CountInterval,
  ): Promise<EventCountBucket[]>;
}
