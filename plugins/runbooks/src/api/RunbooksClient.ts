import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  Runbook,
  RunbookList,
  RunbookTest,
  RunbookTestInput,
  RunbookTestList,
} from '@sparki/runbooks-common';
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

  listRunbooks(query: { entity?: string } = {}): Promise<RunbookList> {
    if (query.entity !== undefined) {
      return this.request<RunbookList>(
        `/runbooks?entity=${encodeURIComponent(query.entity)}`,
      );
    }
    this.pendingList ??= this.request<RunbookList>('/runbooks').finally(() => {
      this.pendingList = undefined;
    });
    return this.pendingList;
  }

  getRunbook(id: string): Promise<Runbook> {
    return this.request<Runbook>(`/runbooks/${encodeURIComponent(id)}`);
  }

  getTests(id: string): Promise<RunbookTestList> {
    return this.request<RunbookTestList>(
      `/runbooks/${encodeURIComponent(id)}/tests`,
    );
  }

  markTested(id: string, input: RunbookTestInput): Promise<RunbookTest> {
    return this.request<RunbookTest>(
      `/runbooks/${encodeURIComponent(id)}/tests`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      },
    );
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('runbooks');
    const url = `${baseUrl}${path}`;
    const response = await (init
      ? this.options.fetchApi.fetch(url, init)
      : this.options.fetchApi.fetch(url));
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
