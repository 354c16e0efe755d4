import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { Runbook, RunbookList } from '@sparki/runbooks-common';
import { RunbooksApi } from './RunbooksApi';

/** Fetches through the fetch API, so the user's Backstage token is attached. */
export class RunbooksClient implements RunbooksApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** Pending list request, shared so that a table of N `RunbookLink`s makes one request. */
  private pendingList?: Promise<RunbookList>;

  listRunbooks(): Promise<RunbookList> {
    this.pendingList ??= this.request<RunbookList>('/runbooks').finally(() => {
      this.pendingList = undefined;
    });
    return this.pendingList;
  }

  getRunbook(id: string): Promise<Runbook> {
    return this.request<Runbook>(`/runbooks/${encodeURIComponent(id)}`);
  }

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('runbooks');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
