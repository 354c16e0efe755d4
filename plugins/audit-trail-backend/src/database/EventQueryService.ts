import {
  AuditEventPage,
  AuditEventQuery,
  EventCountBucket,
} from '@sparki/audit-trail-common';
import { CountInterval, EntityScope } from './AuditEventStore';

/** Event search and counts: answered by the plugin database or pushed down to Athena. */
export interface EventQueryService {
  searchEvents(
    query: AuditEventQuery,
    scope?: EntityScope,
  ): Promise<AuditEventPage>;
  countEvents(
    query: AuditEventQuery,
    interval: CountInterval,
  ): Promise<EventCountBucket[]>;
}
