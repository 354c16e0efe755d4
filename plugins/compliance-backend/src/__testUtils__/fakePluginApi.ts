import { mockServices } from '@backstage/backend-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { PluginApiClient } from '../sources/PluginApiClient';

/**
 * A local server answering a plugin's REST paths (path and query as requested, e.g.
 * `/findings?cluster=a`) from a table; unknown paths get a 404. Records what was asked.
 */
export async function fakePluginApi(
  answer: (url: URL) => { status?: number; body: unknown } | undefined,
) {
  const seen: Array<{ url: URL; authorized: boolean }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    seen.push({ url, authorized: Boolean(req.headers.authorization) });
    const reply = answer(url);
    res.statusCode = reply ? reply.status ?? 200 : 404;
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify(reply?.body ?? { error: { name: 'NotFoundError' } }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = (pluginId: string) =>
    new PluginApiClient(
      {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      mockServices.auth(),
      pluginId,
    );
  return {
    client,
    seen,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
