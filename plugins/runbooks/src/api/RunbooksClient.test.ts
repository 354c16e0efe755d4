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
  it('lists runbooks from the backend, one request for concurrent callers', async () => {
    const list = {
      items: [{ id: 'a', title: 'A', summary: 's' }],
      invalid: [{ file: 'b.md', field: 'owner', reason: 'Required' }],
    };
    const { api, fetch } = client(json(list));
    const [first, second] = await Promise.all([
      api.listRunbooks(),
      api.listRunbooks(),
    ]);
    expect(first).toEqual(list);
    expect(second).toEqual(list);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith('http://backend/api/runbooks/runbooks');
  });

  it('asks the backend again once a list request has settled', async () => {
    const fetch = jest.fn(async (_url: string) =>
      json({ items: [], invalid: [] }),
    );
    const api = new RunbooksClient({
      discoveryApi: { getBaseUrl: async p => `http://backend/api/${p}` },
      fetchApi: { fetch: fetch as any },
    });
    await api.listRunbooks();
    await api.listRunbooks();
    expect(fetch).toHaveBeenCalledTimes(2);
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

  it('looks runbooks up by entity, reads the test history and marks a runbook as tested', async () => {
    const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
      json({ items: [], invalid: [] }),
    );
    const api = new RunbooksClient({
      discoveryApi: { getBaseUrl: async p => `http://backend/api/${p}` },
      fetchApi: { fetch: fetch as any },
    });
    await api.listRunbooks({ entity: 'component:default/sparki-api' });
    await api.getTests('rollback');
    await api.markTested('rollback', {
      date: '2026-12-01',
      outcome: 'failed',
      note: 'step 2',
    });
    expect(fetch.mock.calls).toEqual([
      [
        'http://backend/api/runbooks/runbooks?entity=component%3Adefault%2Fsparki-api',
      ],
      ['http://backend/api/runbooks/runbooks/rollback/tests'],
      [
        'http://backend/api/runbooks/runbooks/rollback/tests',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"date":"2026-12-01","outcome":"failed","note":"step 2"}',
        },
      ],
    ]);
  });
});
