import { mockServices } from '@backstage/backend-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { PostureClient } from './PostureClient';

jest.setTimeout(60_000);

/** A local server speaking the security-posture routes the client reads. */
async function postureServer(routes: Record<string, unknown>) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization ? 'with token' : ''}`);
    const body = routes[req.url ?? ''];
    res.statusCode = body === undefined ? 404 : 200;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body ?? { error: { name: 'NotFoundError' } }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, seen };
}

function clientFor(url: string) {
  return new PostureClient(
    { getBaseUrl: async () => url, getExternalBaseUrl: async () => url },
    mockServices.auth(),
    mockServices.logger.mock(),
  );
}

describe('PostureClient', () => {
  it('reads the latest snapshot of the cluster and its failing critical controls', async () => {
    const { server, url, seen } = await postureServer({
      '/clusters': {
        items: [
          { name: 'sparki-dev', source: 'api', scanning: false },
          {
            name: 'sparki-prod',
            source: 'api',
            scanning: false,
            latestSnapshot: {
              id: 7,
              collectedAt: '2026-12-02T09:00:00.000Z',
              partial: false,
              score: 71.5,
            },
          },
        ],
      },
      '/snapshots/7': {
        results: [
          { controlId: 'rbac-cluster-admin', status: 'fail' },
          { controlId: 'pod-privileged', status: 'pass' },
          { controlId: 'labels', status: 'fail' },
        ],
      },
      '/controls': {
        items: [
          { id: 'rbac-cluster-admin', severity: 'critical' },
          { id: 'pod-privileged', severity: 'critical' },
          { id: 'labels', severity: 'low' },
        ],
      },
    });
    try {
      expect(await clientFor(url).latestSnapshot('sparki-prod')).toEqual({
        score: 71.5,
        failingCriticalControls: ['rbac-cluster-admin'],
        takenAt: '2026-12-02T09:00:00.000Z',
        partial: false,
      });
      expect(seen).toContain('/clusters with token');
      expect(await clientFor(url).latestSnapshot('sparki-dev')).toBeUndefined();
    } finally {
      server.close();
    }
  });

  it('knows nothing when the posture backend does not answer', async () => {
    const { server, url } = await postureServer({});
    server.close();
    expect(await clientFor(url).latestSnapshot('sparki-prod')).toBeUndefined();
  });
});
