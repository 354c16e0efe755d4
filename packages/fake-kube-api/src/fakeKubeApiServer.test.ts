import { KubeObject } from '@sparki/security-posture-common';
import { FakeKubeApiServer, startFakeKubeApiServer } from './fakeKubeApiServer';

const pod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop' },
});

describe('startFakeKubeApiServer', () => {
  let server: FakeKubeApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const get = (path: string, token = 'secret') =>
    fetch(`${server!.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it('answers 401 with a Status body to a wrong bearer token', async () => {
    server = await startFakeKubeApiServer({ objects: {}, token: 'secret' });
    const response = await get('/api/v1/pods', 'guess');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      kind: 'Status',
      code: 401,
      reason: 'Unauthorized',
    });
  });

  it('pages a list with limit and continue', async () => {
    server = await startFakeKubeApiServer({
      objects: { pods: [pod('a'), pod('b'), pod('c')] },
      token: 'secret',
    });
    const first = await (await get('/api/v1/pods?limit=2')).json();
    expect(first.items.map((p: KubeObject) => p.metadata.name)).toEqual([
      'a',
      'b',
    ]);
    const rest = await (
      await get(`/api/v1/pods?limit=2&continue=${first.metadata.continue}`)
    ).json();
    expect(rest.items.map((p: KubeObject) => p.metadata.name)).toEqual(['c']);
    expect(rest.metadata.continue).toBeUndefined();
  });

  it('merge-patches a namespaced object in place and refuses a stale resourceVersion', async () => {
    const service: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop', resourceVersion: '7' },
      spec: { selector: { color: 'blue' } },
    } as KubeObject;
    server = await startFakeKubeApiServer({
      objects: {},
      token: 'secret',
      namespacedObjects: [service],
    });
    const patch = (resourceVersion: string) =>
      fetch(`${server!.url}/api/v1/namespaces/shop/services/web`, {
        method: 'PATCH',
        headers: {
          authorization: 'Bearer secret',
          'content-type': 'application/merge-patch+json',
        },
        body: JSON.stringify({
          metadata: { resourceVersion },
          spec: { selector: { color: 'green' } },
        }),
      });

    const stale = await patch('6');
    expect(stale.status).toBe(409);
    const applied = await patch('7');
    expect(applied.status).toBe(200);
    expect(service).toMatchObject({ spec: { selector: { color: 'green' } } });
    expect(service.metadata.resourceVersion).not.toBe('7');
    expect(server.requests.at(-1)).toMatchObject({
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
    });
  });
});
