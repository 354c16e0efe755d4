import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEventPage,
  AuditEventQuery,
  CountInterval,
  DetectionPage,
  DetectionQuery,
  DetectionRuleMetadata,
  EntityEventPage,
  EventCountBucket,
  EventCounts,
  ExportFormat,
  IngestRun,
  ItemList,
} from '@sparki/audit-trail-common';
import { AuditTrailApi } from './AuditTrailApi';

type QueryValue = string | number | boolean | undefined;

function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Talks to the backend through the fetch API, so the user's Backstage token is attached (also for
 * exports, which is why they are fetched as blobs rather than opened as plain links).
 */
export class AuditTrailClient implements AuditTrailApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  searchEvents(query: AuditEventQuery): Promise<AuditEventPage> {
    return this.json(`/events${queryString({ ...query })}`);
  }

  getEntityEvents(
    entityRef: string,
    query: AuditEventQuery,
  ): Promise<EntityEventPage> {
    return this.json(`/entity-events${queryString({ ...query, entityRef })}`);
  }

  async countEvents(
    query: AuditEventQuery,
    interval: CountInterval,
  ): Promise<EventCountBucket[]> {
    const { cursor: _cursor, limit: _limit, ...filters } = query;
    const body = await this.json<EventCounts>(
      `/events/counts${queryString({ ...filters, interval })}`,
    );
    return body.buckets;
  }

  listDetections(query: DetectionQuery): Promise<DetectionPage> {
    return this.json(`/detections${queryString({ ...query })}`);
  }

  async listRules(): Promise<DetectionRuleMetadata[]> {
    return (await this.json<ItemList<DetectionRuleMetadata>>('/rules')).items;
  }

  async listIngestRuns(): Promise<IngestRun[]> {
    return (await this.json<ItemList<IngestRun>>('/ingest-runs')).items;
  }

  async exportEvents(
    query: AuditEventQuery,
    format: ExportFormat,
  ): Promise<Blob> {
    const { cursor: _cursor, limit: _limit, ...filters } = query;
    const response = await this.fetch(
      `/events/export${queryString({ ...filters, format })}`,
    );
    return response.blob();
  }

  private async json<T>(path: string): Promise<T> {
    return (await (await this.fetch(path)).json()) as T;
  }

  private async fetch(path: string): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('audit-trail');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
