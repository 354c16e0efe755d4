import { ResponseError } from '@backstage/errors';
import { AuditTrailClient } from './AuditTrailClient';

const baseUrl = 'http://backend.test/api/audit-trail';

function response(status: number, body: unknown, type = 'application/json') {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': type },
  });
}

function setup(answer: Response) {
  const fetch = jest.fn().mockResolvedValue(answer);
  const discoveryApi = { getBaseUrl: jest.fn().mockResolvedValue(baseUrl) };
  return {
    client: new AuditTrailClient({ discoveryApi, fetchApi: { fetch } }),
    fetch,
    discoveryApi,
  };
}

const params = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('AuditTrailClient', () => {
  it('searches events with every filter, booleans as true/false', async () => {
    const { client, fetch, discoveryApi } = setup(
      response(200, { items: [], nextCursor: 'n' }),
    );
    await expect(
      client.searchEvents({
        from: '2026-11-20T00:00:00.000Z',
        actor: 'mallory',
        eventName: 'StopLogging',
        accountId: '333333333333',
        hasError: false,
        readOnly: undefined,
        cursor: 'c',
        limit: 50,
      }),
    ).resolves.toEqual({ items: [], nextCursor: 'n' });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('audit-trail');
    const url = fetch.mock.calls[0][0];
    expect(url.startsWith(`${baseUrl}/events?`)).toBe(true);
    expect(params(url)).toEqual({
      from: '2026-11-20T00:00:00.000Z',
      actor: 'mallory',
      eventName: 'StopLogging',
      accountId: '333333333333',
      hasError: 'false',
      cursor: 'c',
      limit: '50',
    });
  });

  it('asks for the events of an entity by ref', async () => {
    const { client, fetch } = setup(
      response(200, { items: [], scope: { accountIds: [], arns: [] } }),
    );
    await client.getEntityEvents('resource:default/aws-account-prod', {
      limit: 10,
    });
    const url = fetch.mock.calls[0][0];
    expect(new URL(url).pathname).toBe('/api/audit-trail/entity-events');
    expect(params(url)).toEqual({
      entityRef: 'resource:default/aws-account-prod',
      limit: '10',
    });
  });

  it('lists detections, rules and ingestion runs', async () => {
    const detections = setup(response(200, { items: [{ ruleId: 'r' }] }));
    await expect(
      detections.client.listDetections({ severity: 'high' }),
    ).resolves.toEqual({ items: [{ ruleId: 'r' }] });
    expect(detections.fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/detections?severity=high`,
    );

    const rules = setup(response(200, { items: [{ id: 'r' }] }));
    await expect(rules.client.listRules()).resolves.toEqual([{ id: 'r' }]);
    expect(rules.fetch.mock.calls[0][0]).toBe(`${baseUrl}/rules`);

    const runs = setup(response(200, { items: [{ source: 's' }] }));
    await expect(runs.client.listIngestRuns()).resolves.toEqual([
      { source: 's' },
    ]);
    expect(runs.fetch.mock.calls[0][0]).toBe(`${baseUrl}/ingest-runs`);
  });

  it('exports with the filters and format but without paging', async () => {
    const { client, fetch } = setup(
      response(200, 'eventId,eventName\ne-1,StopLogging\n', 'text/csv'),
    );
    const blob = await client.exportEvents(
      { eventName: 'StopLogging', cursor: 'c', limit: 50 },
      'csv',
    );
    expect(await blob.text()).toBe('eventId,eventName\ne-1,StopLogging\n');
    expect(params(fetch.mock.calls[0][0])).toEqual({
      eventName: 'StopLogging',
      format: 'csv',
    });
  });

  it('counts events per interval with the filters but without paging', async () => {
    const buckets = [
      { time: '2026-11-20T07:00:00.000Z', count: 3, errorCount: 1 },
    ];
    const { client, fetch } = setup(
      response(200, { interval: 'day', buckets }),
    );
    await expect(
      client.countEvents({ accountId: '333333333333', cursor: 'c' }, 'day'),
    ).resolves.toEqual(buckets);
    const url = fetch.mock.calls[0][0];
    expect(new URL(url).pathname).toBe('/api/audit-trail/events/counts');
    expect(params(url)).toEqual({ accountId: '333333333333', interval: 'day' });
  });

  it('turns error responses into ResponseErrors', async () => {
    const { client } = setup(
      response(403, {
        error: {
          name: 'NotAllowedError',
          message: 'Reading the audit trail requires audit-trail.read',
        },
        response: { statusCode: 403 },
      }),
    );
    const error = await client.searchEvents({}).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.message).toMatch(/audit-trail.read/);
  });
});
