import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RawCheckResult } from '@sparki/compliance-common';
import {
  ComplianceCheckSource,
  complianceCheckSourcesExtensionPoint,
} from '@sparki/compliance-node';
import request from 'supertest';
import { loadOpenApiContract } from './__testUtils__/openApiContract';
import { compliancePlugin } from './plugin';

// Starts a test backend per test: an explicit limit, not jest's 5 s, on a loaded machine.
jest.setTimeout(60_000);

const prod = { kind: 'cluster' as const, id: 'sparki-prod' };
const hostPid = 'posture-control:workload-host-pid';

/** A check source as a module adds one: CIS 5.2.3 fails in sparki-prod, 5.2.2 passes. */
function testSource(): ComplianceCheckSource & { calls: number } {
  const observedAt = new Date().toISOString();
  const result = (
    checkId: string,
    state: RawCheckResult['state'],
  ): RawCheckResult => ({
    checkId,
    scope: prod,
    state,
    observedAt,
    population: { applicable: 3, failing: state === 'fail' ? 1 : 0 },
  });
  return {
    id: 'test-source',
    calls: 0,
    handles: checkId => checkId.startsWith('posture-control:'),
    async collect() {
      this.calls += 1;
      return {
        results: [
          result(hostPid, 'fail'),
          result('posture-control:workload-privileged-containers', 'pass'),
        ],
        snapshots: [
          {
            source: 'test-source',
            id: 'test:1',
            sha256: 'c'.repeat(64),
            takenAt: observedAt,
          },
        ],
        problems: [{ scope: prod, message: 'sparki-prod: RBAC not readable' }],
      };
    },
    async listResources({ cursor }) {
      return cursor
        ? { items: [] }
        : {
            items: [
              {
                kind: 'Pod',
                name: 'node-agent-x1',
                namespace: 'monitoring',
                state: 'fail' as const,
                message: 'pod shares the host PID namespace',
                ref: { source: 'posture-control' as const, id: '17' },
              },
            ],
            nextCursor: 'page-2',
          };
    },
  };
}

async function startBackend(
  options: {
    permissions?: ReturnType<typeof mockServices.permissions.mock>;
  } = {},
) {
  const source = testSource();
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const scheduler = mockServices.scheduler.mock();
  scheduler.triggerTask.mockResolvedValue(undefined);
  const { server } = await startTestBackend({
    features: [
      compliancePlugin,
      createBackendModule({
        pluginId: 'compliance',
        moduleId: 'test-source',
        register(env) {
          env.registerInit({
            deps: { sources: complianceCheckSourcesExtensionPoint },
            async init({ sources }) {
              sources.addCheckSource(source);
            },
          });
        },
      }),
      mockServices.rootConfig.factory({
        data: {
          compliance: {
            cacheSeconds: 0,
            attestationScopes: [
              { kind: 'entity', id: 'system:default/sparki' },
            ],
          },
        },
      }),
      scheduler.factory,
      auditor.factory,
      ...(options.permissions ? [options.permissions.factory] : []),
    ],
  });
  const [{ fn: snapshotTask }] = scheduler.scheduleTask.mock.calls[0];
  return {
    server,
    auditor,
    event,
    source,
    scheduler,
    takeSnapshots: snapshotTask as () => Promise<void>,
  };
}

const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

const inDays = (days: number) =>
  new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();

describe('compliance backend', () => {
  it('scores what a module-added source reports; alice requests a waiver, bob approves it', async () => {
    const contract = await loadOpenApiContract();
    const { server, auditor, event, source, scheduler } = await startBackend();

    const overview = await request(server)
      .get('/api/compliance/overview')
      .set('Authorization', as('bob'));
    expect(overview.status).toBe(200);
    expect(contract('get', '/overview', 200, overview.body)).toEqual([]);
    expect(source.calls).toBeGreaterThan(0);
    const cis = overview.body.frameworks.find(
      (f: any) => f.framework.id === 'cis-kubernetes',
    );
    expect(cis.scopes.map((s: any) => s.scope)).toEqual([prod]);
    expect(cis.controlsByStatus.failing).toBe(1);
    expect(cis.operational.coverage).toBeLessThan(1);
    // The built-in sources have no backend to read here: shown as problems, never as a pass.
    expect(overview.body.problems.map((p: any) => p.source)).toEqual(
      expect.arrayContaining(['posture', 'audit-trail', 'test-source']),
    );
    expect(overview.body.sources).toContainEqual(
      expect.objectContaining({ source: 'test-source', id: 'test:1' }),
    );

    const control = await request(server)
      .get('/api/compliance/frameworks/cis-kubernetes/controls/5.2.3')
      .set('Authorization', as('bob'));
    expect(
      contract(
        'get',
        '/frameworks/{frameworkId}/controls/{controlId}',
        200,
        control.body,
      ),
    ).toEqual([]);
    expect(control.body.results).toEqual([
      expect.objectContaining({ checkId: hostPid, scope: prod, state: 'fail' }),
    ]);
    const resources = await request(server)
      .get(
        `/api/compliance/frameworks/cis-kubernetes/controls/5.2.3/resources?checkId=${hostPid}&scope=cluster:sparki-prod`,
      )
      .set('Authorization', as('bob'));
    expect(resources.status).toBe(200);
    expect(
      contract(
        'get',
        '/frameworks/{frameworkId}/controls/{controlId}/resources',
        200,
        resources.body,
      ),
    ).toEqual([]);
    expect(resources.body).toMatchObject({
      supported: true,
      nextCursor: 'page-2',
      items: [{ kind: 'Pod', name: 'node-agent-x1' }],
    });

    const requested = await request(server)
      .post('/api/compliance/waivers')
      .set('Authorization', as('alice'))
      .send({
        checkId: hostPid,
        scope: prod,
        reason: 'the node agent needs the host PID namespace until v2',
        expiresAt: inDays(90),
        // Whoever is signed in is the requester, whatever the body says.
        requester: 'user:default/bob',
      });
    expect(requested.status).toBe(400);
    expect(requested.body.error.message).toMatch(/requester/);
    const created = await request(server)
      .post('/api/compliance/waivers')
      .set('Authorization', as('alice'))
      .send({
        checkId: hostPid,
        scope: prod,
        reason: 'the node agent needs the host PID namespace until v2',
        expiresAt: inDays(90),
      });
    expect(created.status).toBe(201);
    expect(contract('post', '/waivers', 201, created.body)).toEqual([]);
    expect(created.body).toMatchObject({
      state: 'requested',
      requester: 'user:default/alice',
    });
    const id = created.body.id;

    const self = await request(server)
      .post(`/api/compliance/waivers/${id}/approve`)
      .set('Authorization', as('alice'))
      .send({});
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe(
      'user:default/alice requested this waiver and cannot approve it; another person must',
    );
    expect(contract('post', '/waivers/{id}/approve', 403, self.body)).toEqual(
      [],
    );

    const approved = await request(server)
      .post(`/api/compliance/waivers/${id}/approve`)
      .set('Authorization', as('bob'))
      .send({ comment: 'until the v2 agent ships' });
    expect(approved.status).toBe(200);
    expect(
      contract('post', '/waivers/{id}/approve', 200, approved.body),
    ).toEqual([]);
    expect(approved.body).toMatchObject({
      state: 'approved',
      decision: { decision: 'approved', by: 'user:default/bob' },
    });
    expect(scheduler.triggerTask).toHaveBeenCalledWith(
      'compliance-score-snapshots',
    );
    const again = await request(server)
      .post(`/api/compliance/waivers/${id}/reject`)
      .set('Authorization', as('carol'))
      .send({ comment: 'no' });
    expect(again.status).toBe(409);

    const waived = await request(server)
      .get(
        '/api/compliance/frameworks/cis-kubernetes/controls/5.2.3?scope=cluster:sparki-prod',
      )
      .set('Authorization', as('bob'));
    expect(waived.body.results).toEqual([
      expect.objectContaining({
        state: 'waived',
        waiverId: id,
        raw: expect.objectContaining({ state: 'fail' }),
      }),
    ]);
    expect(waived.body.scopes).toEqual([{ scope: prod, status: 'waived' }]);
    const framework = await request(server)
      .get(
        '/api/compliance/frameworks/cis-kubernetes?scope=cluster:sparki-prod',
      )
      .set('Authorization', as('bob'));
    expect(
      contract('get', '/frameworks/{frameworkId}', 200, framework.body),
    ).toEqual([]);
    expect(framework.body.score).toMatchObject({ waivers: 1, waivedChecks: 1 });

    const register = await request(server)
      .get('/api/compliance/waivers?state=approved')
      .set('Authorization', as('carol'));
    expect(contract('get', '/waivers', 200, register.body)).toEqual([]);
    expect(register.body.items.map((w: any) => w.id)).toEqual([id]);

    const revoked = await request(server)
      .post(`/api/compliance/waivers/${id}/revoke`)
      .set('Authorization', as('bob'))
      .send({ reason: 'agent v2 shipped' });
    expect(contract('post', '/waivers/{id}/revoke', 200, revoked.body)).toEqual(
      [],
    );
    expect(revoked.body).toMatchObject({
      state: 'revoked',
      revocation: { revokedBy: 'user:default/bob', reason: 'agent v2 shipped' },
    });

    expect(auditor.createEvent.mock.calls.map(([e]) => e.eventId)).toEqual([
      'compliance-waiver-request',
      'compliance-waiver-request',
      'compliance-waiver-approve',
      'compliance-waiver-approve',
      'compliance-waiver-reject',
      'compliance-waiver-revoke',
    ]);
    expect(event.success).toHaveBeenCalledWith({
      meta: { waiverId: id, state: 'approved' },
    });
    expect(event.fail).toHaveBeenCalledTimes(3);
  });

  it('records attestations, and keeps the history point in time', async () => {
    const contract = await loadOpenApiContract();
    const { server, takeSnapshots } = await startBackend();
    await takeSnapshots();
    const before = new Date().toISOString();

    const attested = await request(server)
      .post('/api/compliance/attestations')
      .set('Authorization', as('bob'))
      .send({
        checkId: 'attestation:pen-test',
        scope: { kind: 'entity', id: 'system:default/sparki' },
        evidence: { url: 'https://pentest.example.com/report-2026.pdf' },
        attestedAt: new Date(Date.now() - 60_000).toISOString(),
        expiresAt: inDays(300),
      });
    expect(attested.status).toBe(201);
    expect(contract('post', '/attestations', 201, attested.body)).toEqual([]);
    expect(attested.body).toMatchObject({
      state: 'current',
      attestedBy: 'user:default/bob',
    });
    const control = await request(server)
      .get(
        '/api/compliance/frameworks/production-hardening/controls/security.pen-test',
      )
      .set('Authorization', as('bob'));
    expect(control.status).toBe(200);
    expect(control.body.results).toEqual([
      expect.objectContaining({
        state: 'attested',
        attestationId: attested.body.id,
      }),
    ]);
    const list = await request(server)
      .get('/api/compliance/attestations?checkId=attestation:pen-test')
      .set('Authorization', as('carol'));
    expect(contract('get', '/attestations', 200, list.body)).toEqual([]);
    expect(list.body.items).toHaveLength(1);

    await takeSnapshots();
    const history = await request(server)
      .get(
        `/api/compliance/history?framework=production-hardening&scope=entity:system:default/sparki&asOf=${before}`,
      )
      .set('Authorization', as('carol'));
    expect(history.status).toBe(200);
    expect(contract('get', '/history', 200, history.body)).toEqual([]);
    // The day's snapshot, then the change the attestation made.
    expect(history.body.points.map((p: any) => p.trigger)).toEqual([
      'daily',
      'change',
    ]);
    expect(history.body.asOf.id).toBe(history.body.points[0].id);
    const [first, second] = history.body.points;
    expect(second.audit.score).toBeGreaterThan(first.audit.score ?? 0);
    expect(second.sources).toContainEqual(
      expect.objectContaining({ source: 'attestations' }),
    );
    await takeSnapshots();
    const unchanged = await request(server)
      .get(
        '/api/compliance/history?framework=production-hardening&scope=entity:system:default/sparki',
      )
      .set('Authorization', as('carol'));
    expect(unchanged.body.points).toHaveLength(2);
  });

  it('answers bad input with 400 and says what is wrong', async () => {
    const contract = await loadOpenApiContract();
    const { server } = await startBackend();
    const tooLong = await request(server)
      .post('/api/compliance/waivers')
      .set('Authorization', as('alice'))
      .send({
        checkId: hostPid,
        scope: prod,
        reason: ' ',
        expiresAt: inDays(181),
      });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(
      'reason: is required: say why the deviation is acceptable',
    );
    expect(contract('post', '/waivers', 400, tooLong.body)).toEqual([]);
    const expiry = await request(server)
      .post('/api/compliance/waivers')
      .set('Authorization', as('alice'))
      .send({
        checkId: hostPid,
        scope: prod,
        reason: 'x',
        expiresAt: inDays(181),
      });
    expect(expiry.body.error.message).toMatch(
      /expiresAt: must be at most 180 days after the request/,
    );
    const unknownCheck = await request(server)
      .post('/api/compliance/waivers')
      .set('Authorization', as('alice'))
      .send({
        checkId: 'nope',
        scope: prod,
        reason: 'x',
        expiresAt: inDays(1),
      });
    expect(unknownCheck.body.error.message).toMatch(
      'checkId: is not a known check',
    );
    const notAttestable = await request(server)
      .post('/api/compliance/attestations')
      .set('Authorization', as('bob'))
      .send({
        checkId: hostPid,
        scope: prod,
        evidence: { url: 'http://insecure.example.com' },
        attestedAt: new Date().toISOString(),
        expiresAt: inDays(10),
      });
    expect(notAttestable.status).toBe(400);
    expect(notAttestable.body.error.message).toMatch(
      /automated checks cannot be attested/,
    );
    const scope = await request(server)
      .get('/api/compliance/frameworks/cis-kubernetes?scope=galaxy:far')
      .set('Authorization', as('bob'));
    expect(scope.status).toBe(400);
    expect(scope.body.error.message).toMatch(/expected <kind>:<id>/);
    const framework = await request(server)
      .get('/api/compliance/frameworks/sox')
      .set('Authorization', as('bob'));
    expect(framework.status).toBe(404);
    expect(
      contract('get', '/frameworks/{frameworkId}', 404, framework.body),
    ).toEqual([]);
    const waiver = await request(server)
      .post('/api/compliance/waivers/not-a-uuid/approve')
      .set('Authorization', as('bob'))
      .send({});
    expect(waiver.status).toBe(400);
    const revoke = await request(server)
      .post(
        '/api/compliance/waivers/00000000-0000-4000-8000-000000000000/revoke',
      )
      .set('Authorization', as('bob'))
      .send({ reason: '' });
    expect(revoke.body.error.message).toMatch('a revocation needs a reason');
    const history = await request(server)
      .get('/api/compliance/history?framework=cis-kubernetes&asOf=yesterday')
      .set('Authorization', as('bob'));
    expect(history.status).toBe(400);
    expect(history.body.error.message).toMatch('asOf: expected an ISO 8601');
  });

  it('denies every change without the permission, and unauthenticated calls', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const { server, event } = await startBackend({ permissions });
    const denied = await request(server)
      .post('/api/compliance/waivers')
      .set('Authorization', as('alice'))
      .send({
        checkId: hostPid,
        scope: prod,
        reason: 'x',
        expiresAt: inDays(1),
      });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'Missing permission compliance.waive',
    );
    const attest = await request(server)
      .post('/api/compliance/attestations')
      .set('Authorization', as('alice'))
      .send({});
    expect(attest.body.error.message).toBe(
      'Missing permission compliance.attest',
    );
    const ack = await request(server)
      .post('/api/compliance/detections/evt-1/acknowledge')
      .set('Authorization', as('alice'))
      .send({ ruleId: 'root-account-usage', note: 'drill' });
    expect(ack.body.error.message).toBe('Missing permission compliance.triage');
    expect(event.fail).toHaveBeenCalledTimes(3);
    const anonymous = await request(server)
      .get('/api/compliance/overview')
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(anonymous.status).toBe(401);
  });

  it('acknowledges a detection once, with a note', async () => {
    const contract = await loadOpenApiContract();
    const { server, scheduler } = await startBackend();
    const withoutNote = await request(server)
      .post('/api/compliance/detections/evt-1/acknowledge')
      .set('Authorization', as('bob'))
      .send({ ruleId: 'root-account-usage', note: '' });
    expect(withoutNote.status).toBe(400);
    expect(withoutNote.body.error.message).toContain(
      'an acknowledgement needs a note',
    );
    const ack = await request(server)
      .post('/api/compliance/detections/evt-1/acknowledge')
      .set('Authorization', as('bob'))
      .send({ ruleId: 'root-account-usage', note: 'break-glass drill' });
    expect(ack.status).toBe(201);
    // "Detections reviewed" reads acknowledgements: the scores are taken afresh.
    expect(scheduler.triggerTask).toHaveBeenCalledWith(
      'compliance-score-snapshots',
    );
    expect(
      contract('post', '/detections/{eventId}/acknowledge', 201, ack.body),
    ).toEqual([]);
    const again = await request(server)
      .post('/api/compliance/detections/evt-1/acknowledge')
      .set('Authorization', as('bob'))
      .send({ ruleId: 'root-account-usage', note: 'again' });
    expect(again.status).toBe(409);
    const list = await request(server)
      .get('/api/compliance/detections/acknowledgements')
      .set('Authorization', as('carol'));
    expect(
      contract('get', '/detections/acknowledgements', 200, list.body),
    ).toEqual([]);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        eventId: 'evt-1',
        acknowledgedBy: 'user:default/bob',
      }),
    ]);
  });
});
