import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import auditTrailPlugin from '@sparki/audit-trail-backend';
import compliancePlugin from '@sparki/compliance-backend';
import securityPosturePlugin from '@sparki/security-posture-backend';
import { resolve } from 'node:path';
import request from 'supertest';

// Three plugins, a scan of the demo manifests and an ingestion of the sample logs.
jest.setTimeout(180_000);

const repoRoot = resolve(__dirname, '../../..');
const round = (value: number | null) =>
  value === null ? null : Math.round(value * 1000) / 1000;

describe('compliance scores of the demo data', () => {
  it('scores the demo cluster, its namespaces and the sample accounts exactly', async () => {
    const scheduler = mockServices.scheduler.mock();
    const { server } = await startTestBackend({
      features: [
        securityPosturePlugin,
        auditTrailPlugin,
        compliancePlugin,
        catalogServiceMock.factory({ entities: [] }),
        scheduler.factory,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        // The demo's settings of app-config.yaml (the git-backed sparki-prod left out).
        mockServices.rootConfig.factory({
          data: {
            securityPosture: {
              scanOnStartup: false,
              clusters: [
                {
                  name: 'sparki-dev',
                  type: 'manifests',
                  directory: resolve(repoRoot, 'examples/clusters/demo'),
                },
              ],
            },
            auditTrail: {
              archives: [
                {
                  type: 'local',
                  directory: resolve(repoRoot, 'examples/cloudtrail'),
                },
              ],
            },
            compliance: {
              cacheSeconds: 0,
              posture: { namespaceScopes: true },
              auditTrail: {
                accounts: ['111111111111', '222222222222', '333333333333'].map(
                  accountId => ({ accountId, regions: ['eu-west-1'] }),
                ),
                alertedSeverities: ['critical', 'high'],
              },
            },
          },
        }),
      ],
    });
    for (const [task] of scheduler.scheduleTask.mock.calls) {
      if (task.id.startsWith('audit-trail-ingest:')) {
        await task.fn(new AbortController().signal);
      }
    }
    await request(server)
      .post('/api/security-posture/scans')
      .set('Authorization', mockCredentials.user.header())
      .send({ cluster: 'sparki-dev' })
      .expect(201);
    const overview = await request(server)
      .get('/api/compliance/overview')
      .set('Authorization', mockCredentials.user.header())
      .expect(200);

    const figures = (score: any) => [
      round(score.operational.score),
      round(score.operational.conservativeScore),
      round(score.operational.coverage),
      score.controlsByStatus,
    ];
    const scores = Object.fromEntries(
      overview.body.frameworks
        .filter((f: any) => f.framework.id !== 'production-hardening')
        .map((f: any) => [
          f.framework.id,
          {
            all: figures(f),
            ...Object.fromEntries(
              f.scopes.map((s: any) => [s.scope.id, figures(s)]),
            ),
          },
        ]),
    );
    // Pinned: change them only with the demo data or the scoring method, never to make this pass.
    // The cluster fails every automated CIS control somewhere (0 %, as its posture snapshot
    // shows: no scored control passes); its namespaces are judged on their own objects only,
    // cluster-wide and manual controls staying in the cluster's figures. The samples are older
    // than the 7-day period: ingestion is unknown, and the rules of medium and low severity
    // route no alert in the demo, so they fail.
    // [operational score, conservative score, coverage, controls by status]
    expect(scores).toEqual({
      'cis-kubernetes': {
        all: [
          0,
          0,
          0.853,
          {
            satisfied: 0,
            failing: 29,
            unknown: 5,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        'sparki-dev': [
          0,
          0,
          0.853,
          {
            satisfied: 0,
            failing: 29,
            unknown: 5,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        'sparki-dev/kube-system': [
          0,
          0,
          1,
          {
            satisfied: 0,
            failing: 1,
            unknown: 0,
            waived: 0,
            'not-applicable': 33,
          },
        ],
        'sparki-dev/default': [
          0.053,
          0.053,
          1,
          {
            satisfied: 1,
            failing: 18,
            unknown: 0,
            waived: 0,
            'not-applicable': 15,
          },
        ],
        'sparki-dev/monitoring': [
          0.053,
          0.053,
          1,
          {
            satisfied: 1,
            failing: 18,
            unknown: 0,
            waived: 0,
            'not-applicable': 15,
          },
        ],
        'sparki-dev/web': [
          0.586,
          0.586,
          1,
          {
            satisfied: 17,
            failing: 12,
            unknown: 0,
            waived: 0,
            'not-applicable': 5,
          },
        ],
        'sparki-dev/payments': [
          0.897,
          0.897,
          1,
          {
            satisfied: 26,
            failing: 3,
            unknown: 0,
            waived: 0,
            'not-applicable': 5,
          },
        ],
      },
      'cis-eks': {
        all: [
          0,
          0,
          0.833,
          {
            satisfied: 0,
            failing: 15,
            unknown: 3,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        'sparki-dev': [
          0,
          0,
          0.833,
          {
            satisfied: 0,
            failing: 15,
            unknown: 3,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        'sparki-dev/kube-system': [
          0,
          0,
          1,
          {
            satisfied: 0,
            failing: 1,
            unknown: 0,
            waived: 0,
            'not-applicable': 17,
          },
        ],
        'sparki-dev/default': [
          0.1,
          0.1,
          1,
          {
            satisfied: 1,
            failing: 9,
            unknown: 0,
            waived: 0,
            'not-applicable': 8,
          },
        ],
        'sparki-dev/monitoring': [
          0.1,
          0.1,
          1,
          {
            satisfied: 1,
            failing: 9,
            unknown: 0,
            waived: 0,
            'not-applicable': 8,
          },
        ],
        'sparki-dev/web': [
          0.6,
          0.6,
          1,
          {
            satisfied: 9,
            failing: 6,
            unknown: 0,
            waived: 0,
            'not-applicable': 3,
          },
        ],
        'sparki-dev/payments': [
          0.8,
          0.8,
          1,
          {
            satisfied: 12,
            failing: 3,
            unknown: 0,
            waived: 0,
            'not-applicable': 3,
          },
        ],
      },
      'pod-security-standards': {
        all: [
          0,
          0,
          1,
          {
            satisfied: 0,
            failing: 2,
            unknown: 0,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        'sparki-dev': [
          0,
          0,
          1,
          {
            satisfied: 0,
            failing: 2,
            unknown: 0,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        'sparki-dev/web': [
          0,
          0,
          1,
          {
            satisfied: 0,
            failing: 2,
            unknown: 0,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        'sparki-dev/monitoring': [
          0.5,
          0.5,
          1,
          {
            satisfied: 0,
            failing: 2,
            unknown: 0,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        'sparki-dev/default': [
          0.75,
          0.75,
          1,
          {
            satisfied: 1,
            failing: 1,
            unknown: 0,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        'sparki-dev/payments': [
          1,
          1,
          1,
          {
            satisfied: 2,
            failing: 0,
            unknown: 0,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        'sparki-dev/kube-system': [
          null,
          null,
          null,
          {
            satisfied: 0,
            failing: 0,
            unknown: 0,
            waived: 0,
            'not-applicable': 2,
          },
        ],
      },
      'cis-aws-foundations': {
        all: [
          0,
          0,
          0.533,
          {
            satisfied: 0,
            failing: 8,
            unknown: 7,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        '111111111111/eu-west-1': [
          0,
          0,
          0.533,
          {
            satisfied: 0,
            failing: 8,
            unknown: 7,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        '222222222222/eu-west-1': [
          0,
          0,
          0.533,
          {
            satisfied: 0,
            failing: 8,
            unknown: 7,
            waived: 0,
            'not-applicable': 0,
          },
        ],
        '333333333333/eu-west-1': [
          0,
          0,
          0.533,
          {
            satisfied: 0,
            failing: 8,
            unknown: 7,
            waived: 0,
            'not-applicable': 0,
          },
        ],
      },
    });
  });
});
