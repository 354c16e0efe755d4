import { ResponseError } from '@backstage/errors';
import { ComplianceClient } from './ComplianceClient';

const baseUrl = 'http://backend.test/api/compliance';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(response: Response) {
  const fetch = jest.fn().mockResolvedValue(response);
  const discoveryApi = { getBaseUrl: jest.fn().mockResolvedValue(baseUrl) };
  const client = new ComplianceClient({ discoveryApi, fetchApi: { fetch } });
  return { client, fetch, discoveryApi };
}

const query = (fetch: jest.Mock) => {
  const url = new URL(fetch.mock.calls[0][0]);
  return { path: url.pathname, params: Object.fromEntries(url.searchParams) };
};

describe('ComplianceClient', () => {
  it('reads the overview through the fetch API of the compliance plugin', async () => {
    const { client, fetch, discoveryApi } = setup(
      jsonResponse(200, { methodVersion: '1', frameworks: [] }),
    );
    await expect(client.getOverview()).resolves.toEqual({
      methodVersion: '1',
      frameworks: [],
    });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('compliance');
    expect(fetch).toHaveBeenCalledWith(`${baseUrl}/overview`, undefined);
  });

  it("asks the overview for one scope's figures or the worst scopes", async () => {
    const { client, fetch } = setup(jsonResponse(200, { frameworks: [] }));
    await client.getOverview({
      scope: { kind: 'entity', id: 'system:default/sparki' },
    });
    expect(query(fetch)).toEqual({
      path: '/api/compliance/overview',
      params: { scope: 'entity:system:default/sparki' },
    });
    fetch.mockResolvedValue(jsonResponse(200, { frameworks: [] }));
    await client.getOverview({ worstScopes: 10 });
    expect(new URL(fetch.mock.calls[1][0]).search).toBe('?worstScopes=10');
  });

  it("reads one page of a framework's scopes by offset and limit", async () => {
    const page = { items: [], total: 1200, offset: 0, limit: 50 };
    const { client, fetch } = setup(jsonResponse(200, page));
    await expect(
      client.getFrameworkScopes('cis kubernetes', { offset: 0, limit: 50 }),
    ).resolves.toEqual(page);
    expect(query(fetch)).toEqual({
      path: '/api/compliance/frameworks/cis%20kubernetes/scopes',
      params: { offset: '0', limit: '50' },
    });
  });

  it('sends the scope as kind:id and encodes path segments', async () => {
    const { client, fetch } = setup(jsonResponse(200, {}));
    await client.getControl('cis-kubernetes', '5.1.1', {
      scope: { kind: 'entity', id: 'component:default/a b' },
      state: 'fail',
      limit: 50,
      cursor: 'c/1=',
    });
    expect(query(fetch)).toEqual({
      path: '/api/compliance/frameworks/cis-kubernetes/controls/5.1.1',
      params: {
        scope: 'entity:component:default/a b',
        state: 'fail',
        limit: '50',
        cursor: 'c/1=',
      },
    });
  });

  it('pages the objects behind a check', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { items: [], supported: true, nextCursor: 'n' }),
    );
    await expect(
      client.listResources('cis-kubernetes', '5.1.1', {
        checkId: 'posture-control:rbac-cluster-admin-bindings',
        scope: { kind: 'cluster', id: 'sparki-prod' },
        limit: 100,
      }),
    ).resolves.toEqual({ items: [], supported: true, nextCursor: 'n' });
    expect(query(fetch)).toEqual({
      path: '/api/compliance/frameworks/cis-kubernetes/controls/5.1.1/resources',
      params: {
        checkId: 'posture-control:rbac-cluster-admin-bindings',
        scope: 'cluster:sparki-prod',
        limit: '100',
      },
    });
  });

  it('reads the history with asOf, leaving out what is not set', async () => {
    const { client, fetch } = setup(jsonResponse(200, { points: [] }));
    await client.getHistory({
      framework: 'cis-eks',
      asOf: '2026-11-25T00:00:00.000Z',
    });
    expect(query(fetch)).toEqual({
      path: '/api/compliance/history',
      params: { framework: 'cis-eks', asOf: '2026-11-25T00:00:00.000Z' },
    });
  });

  it('lists waivers by state and unwraps the register page', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { items: [{ id: 'w' }] }),
    );
    await expect(client.listWaivers({ state: 'requested' })).resolves.toEqual([
      { id: 'w' },
    ]);
    expect(fetch).toHaveBeenCalledWith(
      `${baseUrl}/waivers?state=requested`,
      undefined,
    );
  });

  it('posts a waiver request and its decision', async () => {
    const { client, fetch } = setup(jsonResponse(201, { id: 'w' }));
    const body = {
      checkId: 'posture-control:rbac-cluster-admin-bindings',
      scope: { kind: 'cluster' as const, id: 'sparki-prod' },
      reason: 'break glass',
      expiresAt: '2027-01-01T00:00:00.000Z',
    };
    await client.requestWaiver(body);
    expect(fetch).toHaveBeenLastCalledWith(`${baseUrl}/waivers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    fetch.mockResolvedValue(jsonResponse(200, { id: 'w' }));
    await client.approveWaiver('w 1');
    expect(fetch).toHaveBeenLastCalledWith(`${baseUrl}/waivers/w%201/approve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    fetch.mockResolvedValue(jsonResponse(200, { id: 'w' }));
    await client.rejectWaiver('w', 'no ticket');
    expect(fetch).toHaveBeenLastCalledWith(`${baseUrl}/waivers/w/reject`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ comment: 'no ticket' }),
    });
  });

  it("reads a control's history, revokes attestations and acknowledges detections", async () => {
    const { client, fetch } = setup(jsonResponse(200, { points: [] }));
    await client.getControlHistory('cis-kubernetes', '5.2.8', {
      scope: { kind: 'cluster', id: 'sparki-dev' },
      from: '2026-09-01T00:00:00.000Z',
    });
    expect(query(fetch)).toEqual({
      path: '/api/compliance/frameworks/cis-kubernetes/controls/5.2.8/history',
      params: {
        scope: 'cluster:sparki-dev',
        from: '2026-09-01T00:00:00.000Z',
      },
    });
    fetch.mockResolvedValue(jsonResponse(200, { id: 'a' }));
    await client.revokeAttestation('a/1', 'report withdrawn');
    expect(fetch).toHaveBeenLastCalledWith(
      `${baseUrl}/attestations/a%2F1/revoke`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: 'report withdrawn' }),
      },
    );
    fetch.mockResolvedValue(jsonResponse(201, { eventId: 'e' }));
    await client.acknowledgeDetection('e 1', { ruleId: 'r', note: 'ok' });
    expect(fetch).toHaveBeenLastCalledWith(
      `${baseUrl}/detections/e%201/acknowledge`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ruleId: 'r', note: 'ok' }),
      },
    );
    fetch.mockResolvedValue(jsonResponse(200, { items: [{ eventId: 'e' }] }));
    await expect(client.listAcknowledgements('r')).resolves.toEqual([
      { eventId: 'e' },
    ]);
    expect(fetch).toHaveBeenLastCalledWith(
      `${baseUrl}/detections/acknowledgements?ruleId=r`,
      undefined,
    );
  });

  it('uploads an evidence file as multipart with its allowlisted type, and downloads it', async () => {
    const { client, fetch } = setup(jsonResponse(201, { id: 'a' }));
    const body = {
      checkId: 'attestation:pen-test',
      scope: { kind: 'entity' as const, id: 'system:default/sparki' },
      evidence: {},
      attestedAt: '2026-11-01T00:00:00.000Z',
      expiresAt: '2027-11-01T00:00:00.000Z',
    };
    // The browser names no type for Markdown: the name's ending gives it. (Built from the
    // environment's Blob: jest's File is Node's, its FormData jsdom's.)
    const file = Object.assign(new Blob(['# Findings']), {
      name: 'findings.md',
    }) as File;
    await expect(client.createAttestation(body, file)).resolves.toEqual({
      id: 'a',
    });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/attestations`);
    expect(init.method).toBe('POST');
    expect(init.headers).toBeUndefined();
    const form = init.body as FormData;
    expect(JSON.parse(form.get('attestation') as string)).toEqual(body);
    const sent = form.get('file') as File;
    expect(sent.name).toBe('findings.md');
    expect(sent.type).toBe('text/markdown');
    expect(sent.size).toBe('# Findings'.length);

    const download = setup(
      new Response('%PDF-1.7', {
        status: 200,
        headers: { 'Content-Type': 'application/pdf' },
      }),
    );
    const blob = await download.client.downloadEvidenceFile('a/b');
    expect(await blob.text()).toBe('%PDF-1.7');
    expect(download.fetch).toHaveBeenCalledWith(
      `${baseUrl}/attestations/a%2Fb/evidence-file`,
      undefined,
    );
  });

  it('downloads the evidence pack with its manifest hash and file name', async () => {
    const hash = 'a'.repeat(64);
    const { client, fetch } = setup(
      new Response(new Uint8Array([31, 139, 8]), {
        status: 200,
        headers: {
          'Content-Type': 'application/gzip',
          'Evidence-Manifest-Sha256': hash,
          'Content-Disposition':
            'attachment; filename="evidence-cis-kubernetes-cluster-sparki-dev.tar.gz"',
        },
      }),
    );
    const pack = await client.downloadEvidencePack({
      framework: 'cis-kubernetes',
      scope: 'cluster:sparki-dev',
      from: '2026-09-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
    expect(pack.manifestSha256).toBe(hash);
    expect(pack.fileName).toBe(
      'evidence-cis-kubernetes-cluster-sparki-dev.tar.gz',
    );
    expect(pack.blob.size).toBe(3);
    expect(query(fetch)).toEqual({
      path: '/api/compliance/evidence-pack',
      params: {
        framework: 'cis-kubernetes',
        scope: 'cluster:sparki-dev',
        from: '2026-09-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
      },
    });
  });

  it('refuses a pack that comes without its manifest hash', async () => {
    const { client } = setup(new Response('x', { status: 200 }));
    await expect(
      client.downloadEvidencePack({ framework: 'cis-kubernetes' }),
    ).rejects.toThrow(/without its Evidence-Manifest-Sha256 header/);
  });

  it("reads a Kubernetes object from the posture backend and a detection's event from the audit trail", async () => {
    const { client, fetch, discoveryApi } = setup(
      jsonResponse(200, { yaml: 'kind: Pod' }),
    );
    await client.getClusterObject('sparki-dev', {
      kind: 'Pod',
      name: 'debug-shell',
      namespace: 'web',
    });
    expect(discoveryApi.getBaseUrl).toHaveBeenLastCalledWith(
      'security-posture',
    );
    expect(query(fetch)).toEqual({
      path: '/api/compliance/clusters/sparki-dev/objects',
      params: { kind: 'Pod', name: 'debug-shell', namespace: 'web' },
    });

    const event = { eventId: 'ev-2', raw: { eventName: 'ConsoleLogin' } };
    fetch.mockResolvedValue(
      jsonResponse(200, {
        items: [{ eventId: 'ev-1', raw: {} }, event],
      }),
    );
    await expect(
      client.getDetectionEvent({
        eventId: 'ev-2',
        eventName: 'ConsoleLogin',
        accountId: '123456789012',
        region: 'eu-west-1',
        eventTime: '2026-12-01T10:00:00.000Z',
      }),
    ).resolves.toEqual(event);
    expect(discoveryApi.getBaseUrl).toHaveBeenLastCalledWith('audit-trail');
    const url = new URL(fetch.mock.calls[1][0]);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      eventName: 'ConsoleLogin',
      accountId: '123456789012',
      region: 'eu-west-1',
      from: '2026-12-01T10:00:00.000Z',
      to: '2026-12-01T10:00:00.001Z',
      limit: '100',
    });
  });

  it('turns error responses into ResponseErrors with the backend message', async () => {
    const { client } = setup(
      jsonResponse(403, {
        error: {
          name: 'NotAllowedError',
          message: 'Missing permission compliance.approve',
        },
        response: { statusCode: 403 },
      }),
    );
    const error = await client.approveWaiver('w').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.message).toBe(
      'Missing permission compliance.approve',
    );
  });
});
