import { DiscoveryService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  LunrSearchEngine,
  TestPipeline,
} from '@backstage/plugin-search-backend-node';
import type { Runbook, RunbookList } from '@sparki/runbooks-common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { RunbooksCollatorFactory } from './RunbooksCollatorFactory';

const runbooks: Runbook[] = [
  {
    id: 'database-failover',
    title: 'Runbook: database failover',
    summary: 'Fail RDS over to its standby.',
    severity: 'critical',
    owner: 'group:default/platform-team',
    appliesTo: ['Resource'],
    controls: [],
    detections: [],
    deploySteps: [],
    lastReviewed: '2026-01-01',
    tags: ['rds', 'postgresql'],
    stale: true,
    staleReasons: ['never-tested'],
    markdown:
      '# Runbook: database failover\n\nRun `aws rds reboot-db-instance --force-failover`.\n',
  },
  {
    id: 'redis-failover',
    title: 'Runbook: Redis failover',
    summary: 'Promote a replica.',
    severity: 'high',
    owner: 'group:default/platform-team',
    appliesTo: [],
    controls: [],
    detections: [],
    deploySteps: [],
    lastReviewed: '2026-01-01',
    lastTested: {
      date: '2026-01-02',
      by: 'user:default/alice',
      outcome: 'passed',
    },
    tags: ['cache'],
    stale: false,
    staleReasons: [],
    markdown:
      '# Runbook: Redis failover\n\nRun `aws elasticache test-failover`.\n',
  },
];

/** The runbooks backend's two read routes, answering only requests with a bearer token. */
let server: Server;
const requests: string[] = [];
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(
      `${request.url} ${request.headers.authorization ? 'auth' : 'anonymous'}`,
    );
    if (!request.headers.authorization?.startsWith('Bearer ')) {
      response.writeHead(401).end();
      return;
    }
    const body =
      request.url === '/api/runbooks/runbooks'
        ? ({
            items: runbooks.map(
              ({ markdown: _markdown, ...summary }) => summary,
            ),
            invalid: [],
          } satisfies RunbookList)
        : runbooks.find(r => request.url === `/api/runbooks/runbooks/${r.id}`);
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/runbooks`;
});

afterAll(() => new Promise(resolve => server.close(resolve)));

function factory(url = () => baseUrl) {
  const discovery: DiscoveryService = {
    getBaseUrl: async () => url(),
    getExternalBaseUrl: async () => url(),
  };
  return new RunbooksCollatorFactory({ auth: mockServices.auth(), discovery });
}

describe('RunbooksCollatorFactory', () => {
  it('collates every runbook with its body, as a service', async () => {
    const { documents, error } = await TestPipeline.fromCollator(
      await factory().getCollator(),
    ).execute();
    expect(error).toBeUndefined();
    expect(documents).toEqual([
      {
        title: 'Runbook: database failover',
        text: expect.stringContaining('reboot-db-instance'),
        location: '/runbooks/database-failover',
        runbookId: 'database-failover',
        summary: 'Fail RDS over to its standby.',
        severity: 'critical',
        owner: 'group:default/platform-team',
        tags: 'rds postgresql',
        stale: true,
      },
      expect.objectContaining({ location: '/runbooks/redis-failover' }),
    ]);
    expect(requests.every(line => line.endsWith(' auth'))).toBe(true);
  });

  it('lets the search engine find a runbook by a word of its body', async () => {
    const engine = new LunrSearchEngine({ logger: mockServices.logger.mock() });
    const indexer = await engine.getIndexer('runbooks');
    const { error } = await TestPipeline.fromCollator(
      await factory().getCollator(),
    )
      .withIndexer(indexer)
      .execute();
    expect(error).toBeUndefined();

    const byBody = await engine.query({
      term: 'elasticache',
      types: ['runbooks'],
    });
    expect(byBody.results.map(r => r.document.location)).toEqual([
      '/runbooks/redis-failover',
    ]);
    const byTag = await engine.query({
      term: 'postgresql',
      types: ['runbooks'],
    });
    expect(byTag.results.map(r => r.document.location)).toEqual([
      '/runbooks/database-failover',
    ]);
  });

  it('fails the collation with the status when the runbooks backend answers an error', async () => {
    const { error } = await TestPipeline.fromCollator(
      await factory(() => `${baseUrl}/missing`).getCollator(),
    ).execute();
    expect(String(error)).toMatch(/404/);
  });
});
