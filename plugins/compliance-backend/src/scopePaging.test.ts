import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { scopeKey } from '@sparki/compliance-common';
import request from 'supertest';
import { generatedSource } from './evidence/__testUtils__/generatedFindings';
import { loadOpenApiContract } from './__testUtils__/openApiContract';
import { compliancePlugin } from './plugin';
import { checkSourceModule } from './__testUtils__/checkSourceModule';

// One test backend over 1,234 generated clusters: an explicit limit, not jest's 5 s.
jest.setTimeout(120_000);

const SCOPES = 1234;
const base = '/api/compliance';
const auth = mockCredentials.user.header('user:default/bob');

type Contract = Awaited<ReturnType<typeof loadOpenApiContract>>;

/** A fleet of 1,234 clusters (CIS Kubernetes checks), the overview read once per hour. */
async function startFleet() {
  const scheduler = mockServices.scheduler.mock();
  const { server } = await startTestBackend({
    features: [
      compliancePlugin,
      checkSourceModule('generated-fleet', generatedSource(SCOPES)),
      mockServices.rootConfig.factory({
        data: { compliance: { cacheSeconds: 3600 } },
      }),
      scheduler.factory,
    ],
  });
  return server;
}

describe('scopes of a framework, paged on the server', () => {
  let server: Awaited<ReturnType<typeof startFleet>>;
  let contract: Contract;
  /** Every scope key of CIS Kubernetes, worst first, read a page of 100 at a time. */
  let everyScope: string[];
  const get = (path: string) =>
    request(server).get(`${base}${path}`).set('Authorization', auth);

  beforeAll(async () => {
    contract = await loadOpenApiContract();
    server = await startFleet();
    everyScope = [];
    for (let offset = 0; offset < SCOPES; offset += 100) {
      const page = await get(
        `/frameworks/cis-kubernetes/scopes?offset=${offset}&limit=100`,
      );
      if (page.status !== 200) {
        throw new Error(`offset ${offset}: ${page.status} ${page.text}`);
      }
      everyScope.push(...page.body.items.map((s: any) => scopeKey(s.scope)));
    }
  });

  it('pages through every scope worst first: first, middle and last page, past the end', async () => {
    // Read in 13 pages: each scope once, worst (lowest conservative audit score) first.
    expect(everyScope).toHaveLength(SCOPES);
    expect(new Set(everyScope).size).toBe(SCOPES);

    const first = await get('/frameworks/cis-kubernetes/scopes');
    expect(first.status).toBe(200);
    expect(
      contract('get', '/frameworks/{frameworkId}/scopes', 200, first.body),
    ).toEqual([]);
    expect(first.body).toMatchObject({ total: SCOPES, offset: 0, limit: 25 });
    expect(first.body.items.map((s: any) => scopeKey(s.scope))).toEqual(
      everyScope.slice(0, 25),
    );
    const scores = first.body.items.map((s: any) => s.audit.conservativeScore);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));

    const middle = await get(
      '/frameworks/cis-kubernetes/scopes?offset=600&limit=50',
    );
    expect(middle.body).toMatchObject({
      total: SCOPES,
      offset: 600,
      limit: 50,
    });
    expect(middle.body.items.map((s: any) => scopeKey(s.scope))).toEqual(
      everyScope.slice(600, 650),
    );
    // The page boundary keeps the order: nothing of the page before is worse than this one.
    const before = await get(
      '/frameworks/cis-kubernetes/scopes?offset=550&limit=50',
    );
    expect(before.body.items[49].audit.conservativeScore).toBeLessThanOrEqual(
      middle.body.items[0].audit.conservativeScore,
    );

    const last = await get(
      '/frameworks/cis-kubernetes/scopes?offset=1200&limit=100',
    );
    expect(last.body.items).toHaveLength(SCOPES - 1200);
    expect(last.body.items.map((s: any) => scopeKey(s.scope))).toEqual(
      everyScope.slice(1200),
    );

    const beyond = await get(
      '/frameworks/cis-kubernetes/scopes?offset=5000&limit=100',
    );
    expect(beyond.status).toBe(200);
    expect(beyond.body).toEqual({
      items: [],
      total: SCOPES,
      offset: 5000,
      limit: 100,
    });
  });

  it('refuses a bad limit or offset with a 400 naming it, and an unknown framework with a 404', async () => {
    for (const [query, message] of [
      ['limit=0', 'Invalid query: limit: expected 1–100'],
      ['limit=101', 'Invalid query: limit: expected 1–100'],
      ['limit=ten', 'Invalid query: limit: expected a number'],
      ['limit=2.5', 'Invalid query: limit: expected a whole number'],
      ['offset=-1', 'Invalid query: offset: expected 0 or more'],
      ['page=2', 'Invalid query'],
    ]) {
      const response = await get(`/frameworks/cis-kubernetes/scopes?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(message);
      expect(
        contract('get', '/frameworks/{frameworkId}/scopes', 400, response.body),
      ).toEqual([]);
    }
    const unknown = await get('/frameworks/sox/scopes');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/no framework sox/);
  });

  it('counts the scopes in the framework answer instead of listing them', async () => {
    const detail = await get('/frameworks/cis-kubernetes');
    expect(detail.status).toBe(200);
    expect(
      contract('get', '/frameworks/{frameworkId}', 200, detail.body),
    ).toEqual([]);
    expect(detail.body.scopeCount).toBe(SCOPES);
    expect(detail.body).not.toHaveProperty('scopes');
    const inOne = await get(
      `/frameworks/cis-kubernetes?scope=${encodeURIComponent(everyScope[7])}`,
    );
    expect(inOne.body.scopeCount).toBe(0);
  });

  it('lists only the worst scopes in the overview, counts all, and answers one scope', async () => {
    const overview = await get('/overview');
    expect(overview.status).toBe(200);
    expect(contract('get', '/overview', 200, overview.body)).toEqual([]);
    const cis = overview.body.frameworks.find(
      (f: any) => f.framework.id === 'cis-kubernetes',
    );
    expect(cis.scopeCount).toBe(SCOPES);
    expect(cis.scopes.map((s: any) => scopeKey(s.scope))).toEqual(
      everyScope.slice(0, 10),
    );
    // Frameworks the generated source reports nothing for.
    const hardening = overview.body.frameworks.find(
      (f: any) => f.framework.id === 'production-hardening',
    );
    expect(hardening.scopes).toHaveLength(hardening.scopeCount);

    const three = await get('/overview?worstScopes=3');
    const cisThree = three.body.frameworks.find(
      (f: any) => f.framework.id === 'cis-kubernetes',
    );
    expect(cisThree.scopes.map((s: any) => scopeKey(s.scope))).toEqual(
      everyScope.slice(0, 3),
    );
    expect(cisThree.scopeCount).toBe(SCOPES);
    const most = await get('/overview?worstScopes=100');
    expect(
      most.body.frameworks.find((f: any) => f.framework.id === 'cis-kubernetes')
        .scopes,
    ).toHaveLength(100);

    // A scope far down the list: its own figures, whatever the truncation.
    const far = everyScope[1100];
    const scoped = await get(`/overview?scope=${encodeURIComponent(far)}`);
    expect(scoped.status).toBe(200);
    expect(contract('get', '/overview', 200, scoped.body)).toEqual([]);
    const cisScoped = scoped.body.frameworks.find(
      (f: any) => f.framework.id === 'cis-kubernetes',
    );
    expect(cisScoped.scopes.map((s: any) => scopeKey(s.scope))).toEqual([far]);
    expect(cisScoped.scopeCount).toBe(SCOPES);
    const page = await get(
      '/frameworks/cis-kubernetes/scopes?offset=1100&limit=1',
    );
    expect(cisScoped.scopes[0]).toEqual(page.body.items[0]);
    // The roll-ups, sources and problems stay those of the whole overview.
    const withoutScopes = (body: any) => ({
      ...body,
      frameworks: body.frameworks.map(
        ({ scopes: _scopes, ...rest }: any) => rest,
      ),
    });
    expect(withoutScopes(scoped.body)).toEqual(withoutScopes(overview.body));

    const nowhere = await get('/overview?scope=cluster:not-in-the-fleet');
    expect(nowhere.body.frameworks.map((f: any) => f.scopes.length)).toEqual(
      nowhere.body.frameworks.map(() => 0),
    );

    for (const [query, message] of [
      ['worstScopes=101', 'worstScopes: expected 0–100'],
      ['worstScopes=-1', 'worstScopes: expected 0–100'],
      ['scope=galaxy:far', 'scope: expected <kind>:<id>'],
    ]) {
      const bad = await get(`/overview?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain(message);
      expect(contract('get', '/overview', 400, bad.body)).toEqual([]);
    }
  });

  it("caps a control's status per scope at the worst 100, and keeps the scope asked for", async () => {
    const control = await get('/frameworks/cis-kubernetes/controls/5.2.3');
    expect(control.status).toBe(200);
    expect(
      contract(
        'get',
        '/frameworks/{frameworkId}/controls/{controlId}',
        200,
        control.body,
      ),
    ).toEqual([]);
    expect(control.body.scopeCount).toBe(SCOPES);
    expect(control.body.scopes).toHaveLength(100);
    // Worst first: the control fails in more than 100 of the clusters, so all listed fail.
    expect(new Set(control.body.scopes.map((s: any) => s.status))).toEqual(
      new Set(['failing']),
    );

    const listed = new Set(
      control.body.scopes.map((s: any) => scopeKey(s.scope)),
    );
    const unlisted = everyScope.find(key => !listed.has(key))!;
    const here = await get(
      `/frameworks/cis-kubernetes/controls/5.2.3?scope=${encodeURIComponent(
        unlisted,
      )}`,
    );
    expect(here.body.scopes).toEqual([
      { scope: expect.anything(), status: expect.any(String) },
    ]);
    expect(scopeKey(here.body.scopes[0].scope)).toBe(unlisted);
    expect(here.body.scopes[0].status).not.toBe('failing');
    expect(here.body.scopeCount).toBe(1);
  });
});
