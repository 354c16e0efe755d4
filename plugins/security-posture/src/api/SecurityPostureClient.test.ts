import { ResponseError } from '@backstage/errors';
import { SecurityPostureClient } from './SecurityPostureClient';

const baseUrl = 'http://backend.test/api/security-posture';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(response: Response) {
  const fetch = jest.fn().mockResolvedValue(response);
  const discoveryApi = { getBaseUrl: jest.fn().mockResolvedValue(baseUrl) };
  const client = new SecurityPostureClient({
    discoveryApi,
    fetchApi: { fetch },
  });
  return { client, fetch, discoveryApi };
}

describe('SecurityPostureClient', () => {
  it('lists clusters through the fetch API of the security-posture plugin', async () => {
    const { client, fetch, discoveryApi } = setup(
      jsonResponse(200, { items: [{ name: 'sparki-dev' }] }),
    );
    await expect(client.listClusters()).resolves.toEqual([
      { name: 'sparki-dev' },
    ]);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('security-posture');
    expect(fetch).toHaveBeenCalledWith(`${baseUrl}/clusters`, undefined);
  });

  it('encodes the cluster name and history options', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { cluster: 'a b', points: [{ snapshotId: 1 }] }),
    );
    await expect(client.getHistory('a b', { limit: 20 })).resolves.toEqual([
      { snapshotId: 1 },
    ]);
    expect(fetch).toHaveBeenCalledWith(
      `${baseUrl}/clusters/a%20b/history?limit=20`,
      undefined,
    );
  });

  it('sends finding filters and the cursor, leaving out empty ones', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { items: [], nextCursor: 'next' }),
    );
    await expect(
      client.listFindings(
        {
          cluster: 'sparki-dev',
          snapshot: 7,
          namespace: undefined,
          control: 'pss-privileged-containers',
        },
        { limit: 50, cursor: 'abc=' },
      ),
    ).resolves.toEqual({ items: [], nextCursor: 'next' });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe('/api/security-posture/findings');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      cluster: 'sparki-dev',
      snapshot: '7',
      control: 'pss-privileged-containers',
      limit: '50',
      cursor: 'abc=',
    });
  });

  it('reads one snapshot with its scores and results', async () => {
    const { client, fetch } = setup(jsonResponse(200, { id: 7, results: [] }));
    await expect(client.getSnapshot(7)).resolves.toEqual({
      id: 7,
      results: [],
    });
    expect(fetch).toHaveBeenCalledWith(`${baseUrl}/snapshots/7`, undefined);
  });

  it('posts the cluster to scan', async () => {
    const { client, fetch } = setup(jsonResponse(201, { id: 9 }));
    await expect(client.triggerScan('sparki-dev')).resolves.toEqual({ id: 9 });
    expect(fetch).toHaveBeenCalledWith(`${baseUrl}/scans`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ cluster: 'sparki-dev' }),
    });
  });

  it('posts a Pod Security what-if', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { cluster: 'sparki-dev', rejectedCount: 0 }),
    );
    await client.whatIf({
      cluster: 'sparki-dev',
      namespace: 'web',
      level: 'restricted',
      version: 'v1.30',
    });
    expect(fetch).toHaveBeenCalledWith(`${baseUrl}/what-if`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        cluster: 'sparki-dev',
        namespace: 'web',
        level: 'restricted',
        version: 'v1.30',
      }),
    });
  });

  it('turns error responses into ResponseErrors with the status and message', async () => {
    const { client } = setup(
      jsonResponse(403, {
        error: {
          name: 'NotAllowedError',
          message: 'Missing permission security-posture.scan',
        },
        response: { statusCode: 403 },
      }),
    );
    const error = await client.triggerScan('sparki-dev').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.message).toBe(
      'Missing permission security-posture.scan',
    );
  });
});
