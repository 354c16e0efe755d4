import { ResponseError } from '@backstage/errors';
import { RunbooksClient } from './RunbooksClient';

function client(response: Response) {
  const fetch = jest.fn(async (_url: string) => response);
  const api = new RunbooksClient({
    discoveryApi: {
      getBaseUrl: async plugin => `http://backend/api/${plugin}`,
    },
    fetchApi: { fetch: fetch as any },
  });
  return { api, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('RunbooksClient', () => {
  it('lists runbooks from the backend', async () => {
    const items = [{ id: 'a', title: 'A', summary: 's' }];
    const { api, fetch } = client(json({ items }));
    await expect(api.listRunbooks()).resolves.toEqual(items);
    expect(fetch).toHaveBeenCalledWith('http://backend/api/runbooks/runbooks');
  });

  it('encodes the id and turns a 404 into a ResponseError', async () => {
    const { api, fetch } = client(
      json(
        {
          error: { name: 'NotFoundError', message: 'No runbook "a b"' },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    const error = await api.getRunbook('a b').catch(e => e);
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/runbooks/runbooks/a%20b',
    );
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toBe('No runbook "a b"');
  });
});
