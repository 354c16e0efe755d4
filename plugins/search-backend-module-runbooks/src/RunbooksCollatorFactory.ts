import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import type {
  Runbook,
  RunbookList,
  RunbookSeverity,
} from '@sparki/runbooks-common';
import { Readable } from 'node:stream';

/** A runbook in the search index: title, summary, body and tags are searchable. */
export interface RunbookDocument extends IndexableDocument {
  runbookId: string;
  summary: string;
  severity: RunbookSeverity;
  owner: string;
  /** Space-separated, so that search engines index each tag as a word. */
  tags: string;
  stale: boolean;
}

export interface RunbooksCollatorFactoryOptions {
  auth: AuthService;
  discovery: DiscoveryService;
}

/**
 * Reads every valid runbook from the runbooks backend's API (as a service, like Backstage's
 * catalog collator reads the catalog) and turns it into a search document linking to
 * `/runbooks/<id>`.
 */
export class RunbooksCollatorFactory implements DocumentCollatorFactory {
  readonly type = 'runbooks';

  constructor(private readonly options: RunbooksCollatorFactoryOptions) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<RunbookDocument> {
    const list = await this.request<RunbookList>('/runbooks');
    for (const item of list.items) {
      const runbook = await this.request<Runbook>(
        `/runbooks/${encodeURIComponent(item.id)}`,
      );
      yield {
        title: runbook.title,
        text: `${runbook.summary}\n\n${runbook.markdown}`,
        location: `/runbooks/${encodeURIComponent(runbook.id)}`,
        runbookId: runbook.id,
        summary: runbook.summary,
        severity: runbook.severity,
        owner: runbook.owner,
        tags: runbook.tags.join(' '),
        stale: runbook.stale,
      };
    }
  }

  private async request<T>(path: string): Promise<T> {
    const { auth, discovery } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'runbooks',
    });
    const response = await fetch(
      `${await discovery.getBaseUrl('runbooks')}${path}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
