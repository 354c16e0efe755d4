import { ResponseError } from '@backstage/errors';
import { DeploymentsClient } from './DeploymentsClient';

const baseUrl = 'http://backend.test/api/deployments';

function response(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(answer: Response) {
  const fetch = jest.fn().mockResolvedValue(answer);
  const discoveryApi = { getBaseUrl: jest.fn().mockResolvedValue(baseUrl) };
  return {
    client: new DeploymentsClient({ discoveryApi, fetchApi: { fetch } }),
    fetch,
    discoveryApi,
  };
}

describe('DeploymentsClient', () => {
  it('lists requests with the given filters only', async () => {
    const { client, fetch, discoveryApi } = setup(
      response(200, { items: [{ id: 'r1' }] }),
    );
    await expect(
      client.listRequests({ waitingForMe: true, state: undefined }),
    ).resolves.toEqual({ items: [{ id: 'r1' }] });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('deployments');
    expect(fetch).toHaveBeenCalledWith(
      `${baseUrl}/requests?waitingForMe=true`,
      undefined,
    );
  });

  it('posts an approval, without a comment when there is none', async () => {
    const { client, fetch } = setup(response(200, { request: {} }));
    await client.approveRequest('r/1', undefined);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/requests/r%2F1/approve`);
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(init.body)).toEqual({});
  });

  it('posts a rejection with its comment', async () => {
    const { client, fetch } = setup(response(200, { request: {} }));
    await client.rejectRequest('r1', 'no ticket');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/requests/r1/reject`);
    expect(JSON.parse(init.body)).toEqual({ comment: 'no ticket' });
  });

  it('overrides a gate with its kind and reason', async () => {
    const { client, fetch } = setup(response(200, {}));
    await client.overrideRequest('r1', 'posture', 'hotfix for CVE-1');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/requests/r1/override`);
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body)).toEqual({
      kind: 'posture',
      reason: 'hotfix for CVE-1',
    });
  });

  it('posts a new request, a cancellation, an abort and a retry to their routes', async () => {
    const { client, fetch } = setup(response(201, { request: {} }));
    const input = {
      serviceRef: 'component:default/payments',
      environment: 'prod',
      version: { commitSha: 'abc1234', tag: 'v1.5.0' },
      reason: 'release 1.5',
    };
    await client.createRequest(input);
    fetch.mockResolvedValue(response(200, { request: {} }));
    await client.cancelRequest('r1', undefined);
    fetch.mockResolvedValue(response(200, { request: {} }));
    await client.abortRequest('r1', '5xx');
    fetch.mockResolvedValue(response(200, { request: {} }));
    await client.retryRequest('r1', 'fixed');
    expect(
      fetch.mock.calls.map(([url, init]) => [
        url,
        init.method,
        JSON.parse(init.body),
      ]),
    ).toEqual([
      [`${baseUrl}/requests`, 'POST', input],
      [`${baseUrl}/requests/r1/cancel`, 'POST', {}],
      [`${baseUrl}/requests/r1/abort`, 'POST', { reason: '5xx' }],
      [`${baseUrl}/requests/r1/retry`, 'POST', { reason: 'fixed' }],
    ]);
  });

  it('reads the environments of a service by its encoded name', async () => {
    const { client, fetch } = setup(response(200, { environments: [] }));
    await expect(
      client.getServiceEnvironments({
        namespace: 'default',
        kind: 'Component',
        name: 'sparki api',
      }),
    ).resolves.toEqual({ environments: [] });
    expect(fetch).toHaveBeenCalledWith(
      `${baseUrl}/services/default/Component/sparki%20api/environments`,
      undefined,
    );
  });

  it('reads a page of the history with its cursor', async () => {
    const { client, fetch } = setup(response(200, { items: [] }));
    await client.getHistory({
      serviceRef: 'component:default/payments',
      before: '42',
      environment: undefined,
    });
    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/history?serviceRef=component%3Adefault%2Fpayments&before=42`,
    );
  });

  it('promotes with an optional comment and rolls back with the reason', async () => {
    const { client, fetch } = setup(response(200, { request: {} }));
    await client.promoteRequest('r1', undefined);
    expect(fetch.mock.calls[0][0]).toBe(`${baseUrl}/requests/r1/promote`);
    expect(JSON.parse(fetch.mock.calls[0][1].body)).toEqual({});
    fetch.mockResolvedValueOnce(response(200, { request: {} }));
    await client.rollbackRequest('r1', 'errors up');
    expect(fetch.mock.calls[1][0]).toBe(`${baseUrl}/requests/r1/rollback`);
    expect(JSON.parse(fetch.mock.calls[1][1].body)).toEqual({
      reason: 'errors up',
    });
  });

  it("throws the backend's error", async () => {
    const { client } = setup(
      response(409, {
        error: {
          name: 'ConflictError',
          message: 'cannot approve a request that is rejected',
        },
        response: { statusCode: 409 },
      }),
    );
    const failure = await client.getRequest('r1').catch(e => e);
    expect(failure).toBeInstanceOf(ResponseError);
    expect(failure.body.error.message).toBe(
      'cannot approve a request that is rejected',
    );
  });
});
