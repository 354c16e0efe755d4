import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import compliancePlugin from '@sparki/compliance-backend';
import runbooksPlugin from '@sparki/runbooks-backend';
import request from 'supertest';

// Two plugins with their databases in one test backend, on a loaded machine.
jest.setTimeout(120_000);

const platform = 'entity:system:default/sparki';
const control =
  '/api/compliance/frameworks/production-hardening/controls/operations.runbooks-tested';

function runbookFile(id: string, severity: string, deploySteps: string[]) {
  return [
    '---',
    `id: ${id}`,
    `title: 'Runbook: ${id}'`,
    `summary: 'What to do when ${id} is needed.'`,
    `severity: ${severity}`,
    'owner: group:default/platform-team',
    `deploy_steps: [${deploySteps.join(', ')}]`,
    'last_reviewed: 2026-11-01',
    '---',
    '',
    `# Runbook: ${id}`,
    '',
  ].join('\n');
}

describe('the compliance check "runbooks for critical paths tested" against the real runbooks backend', () => {
  it('fails naming the untested and failed runbooks until every critical one passed a test', async () => {
    const directory = createMockDirectory();
    directory.setContent({
      'rollback.md': runbookFile('rollback', 'low', ['rolled-back']),
      'certificate-expiry.md': runbookFile('certificate-expiry', 'high', []),
      'namespaces.md': runbookFile('namespaces', 'low', []),
    });
    const { server } = await startTestBackend({
      features: [
        runbooksPlugin,
        compliancePlugin,
        // No scheduled runs: the runbooks locations and score snapshots are not under test.
        mockServices.scheduler.mock().factory,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            runbooks: { directory: directory.path, staleAfterDays: 90 },
            compliance: {
              cacheSeconds: 0,
              attestationScopes: [
                { kind: 'entity', id: 'system:default/sparki' },
              ],
            },
          },
        }),
      ],
    });
    const user = mockCredentials.user.header();
    // Once: a test around midnight still compares with the day it recorded.
    const today = new Date().toISOString().slice(0, 10);
    const runbooksResult = async () => {
      const response = await request(server)
        .get(`${control}?scope=${encodeURIComponent(platform)}`)
        .set('Authorization', user);
      expect(response.status).toBe(200);
      return response.body.results.find(
        (r: any) => r.check.id === 'runbooks:critical-paths-tested',
      );
    };
    const markTested = (id: string, outcome: string) =>
      request(server)
        .post(`/api/runbooks/runbooks/${id}/tests`)
        .set('Authorization', user)
        .send({
          date: today,
          outcome,
          ...(outcome === 'passed' ? {} : { note: 'the renewal step failed' }),
        })
        .expect(201);

    expect(await runbooksResult()).toMatchObject({
      state: 'fail',
      population: { applicable: 2, failing: 2 },
      message: expect.stringMatching(
        /^2 of 2 critical-path runbooks not tested with outcome passed since \d{4}-\d{2}-\d{2}: certificate-expiry \(never tested\), rollback \(never tested\)$/,
      ),
    });

    await markTested('rollback', 'passed');
    await markTested('certificate-expiry', 'failed');
    expect(await runbooksResult()).toMatchObject({
      state: 'fail',
      message: expect.stringContaining(
        `certificate-expiry (last test ${today} by user:default/mock: failed)`,
      ),
    });
    const resources = await request(server)
      .get(
        `${control}/resources?checkId=runbooks:critical-paths-tested&scope=${encodeURIComponent(
          platform,
        )}`,
      )
      .set('Authorization', user);
    expect(resources.status).toBe(200);
    expect(resources.body).toMatchObject({
      supported: true,
      items: [
        {
          kind: 'Runbook',
          name: 'certificate-expiry',
          state: 'fail',
          ref: { source: 'runbooks', id: 'certificate-expiry' },
        },
      ],
    });

    await markTested('certificate-expiry', 'passed');
    expect(await runbooksResult()).toMatchObject({
      state: 'pass',
      population: { applicable: 2, failing: 0 },
    });
    const overview = await request(server)
      .get('/api/compliance/overview')
      .set('Authorization', user);
    expect(overview.body.sources).toContainEqual(
      expect.objectContaining({ source: 'runbooks' }),
    );
    expect(
      overview.body.problems.filter((p: any) => p.source === 'runbooks'),
    ).toEqual([]);
  });
});
