import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { loadOpenApiContract } from '@sparki/openapi-contract';
import path from 'node:path';
import request from 'supertest';
import { runbooksPlugin } from './plugin';
import { FakeUrlReader } from './__testUtils__/FakeUrlReader';

// Starts a test backend per test: an explicit limit, not jest's 5 s, on a loaded machine.
jest.setTimeout(60_000);

const mockDir = createMockDirectory();

async function startBackend(directory: string) {
  const { server } = await startTestBackend({
    features: [
      runbooksPlugin,
      mockServices.rootConfig.factory({
        data: { runbooks: { directory } },
      }),
    ],
  });
  return server;
}

/** A backend with a recording auditor and, optionally, every permission denied. */
async function startAuditedBackend(
  directory: string,
  options: { deny?: boolean } = {},
) {
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const { server } = await startTestBackend({
    features: [
      runbooksPlugin,
      mockServices.rootConfig.factory({
        data: { runbooks: { directory } },
      }),
      auditor.factory,
      ...(options.deny
        ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
        : []),
    ],
  });
  return { server, auditor, event };
}

const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const today = () => new Date().toISOString().slice(0, 10);

/** A valid runbook file: frontmatter with the given overrides, then the body. */
function runbookFile(
  id: string,
  fields: Record<string, string> = {},
  body = `# Runbook: ${id}\n\nBody of ${id}.\n`,
): string {
  const frontmatter: Record<string, string> = {
    id,
    title: `"Runbook: ${id}"`,
    summary: `Summary of ${id}.`,
    severity: 'high',
    owner: 'group:default/platform-team',
    last_reviewed: new Date().toISOString().slice(0, 10),
    last_tested: `{ date: ${new Date()
      .toISOString()
      .slice(0, 10)}, by: user:default/alice, outcome: passed }`,
    ...fields,
  };
  const lines = Object.entries(frontmatter).map(([k, v]) => `${k}: ${v}`);
  return ['---', ...lines, '---', '', body].join('\n');
}

describe('runbooks backend', () => {
  beforeEach(() => {
    mockDir.setContent({
      'secret.md': '# Outside the runbooks directory',
      runbooks: {
        'pod-security.md': runbookFile(
          'pod-security',
          {
            summary: 'Drop privileges.',
            controls: '[pss-baseline, pss-restricted]',
            applies_to: '[Component]',
            tags: '[kubernetes]',
          },
          '# Runbook: pod-security\n\n## How to fix\n\nDrop privileges.\n',
        ),
        'access.md': runbookFile(
          'access',
          {
            title: 'Access',
            detections: '[root-account-usage]',
            deploy_steps: '[rollback]',
            applies_to: '["resource:platform/sparki-eks"]',
            last_reviewed: '2020-01-01',
          },
          '# Access\n\n```sh\nkubectl auth can-i\n```\n\nWho can do what.\n',
        ),
        'untested.md': runbookFile('untested', { last_tested: 'null' }),
        'broken.md': runbookFile('broken', { severity: 'urgent' }),
        'no-frontmatter.md': '# Just markdown\n',
        'Not-An-Id.md': '# Ignored: not a valid id',
        'notes.txt': 'not markdown',
        'nested.md': {},
      },
    });
  });

  it('lists the valid runbooks with frontmatter and staleness, sorted by title, and reports the invalid ones', async () => {
    const server = await startBackend(mockDir.resolve('runbooks'));
    const response = await request(server).get('/api/runbooks/runbooks');
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([
      'access',
      'pod-security',
      'untested',
    ]);
    expect(response.body.items[1]).toEqual({
      id: 'pod-security',
      title: 'Runbook: pod-security',
      summary: 'Drop privileges.',
      severity: 'high',
      owner: 'group:default/platform-team',
      appliesTo: ['Component'],
      controls: ['pss-baseline', 'pss-restricted'],
      detections: [],
      deploySteps: [],
      lastReviewed: expect.any(String),
      lastTested: {
        date: expect.any(String),
        by: 'user:default/alice',
        outcome: 'passed',
      },
      lastTestedSource: 'frontmatter',
      tags: ['kubernetes'],
      stale: false,
      staleReasons: [],
    });
    expect(response.body.items[0]).toMatchObject({
      stale: true,
      staleReasons: ['review-overdue'],
    });
    expect(response.body.items[2]).toMatchObject({
      stale: true,
      staleReasons: ['never-tested'],
    });
    expect(response.body.invalid).toEqual([
      {
        file: 'broken.md',
        field: 'severity',
        reason: expect.stringContaining('expected one of'),
      },
      {
        file: 'no-frontmatter.md',
        field: 'frontmatter',
        reason: expect.stringMatching(/^missing/),
      },
    ]);
  });

  it('serves one runbook with its body without frontmatter and reads edits without a restart', async () => {
    const server = await startBackend(mockDir.resolve('runbooks'));
    const response = await request(server).get(
      '/api/runbooks/runbooks/pod-security',
    );
    expect(response.status).toBe(200);
    expect(response.body.id).toBe('pod-security');
    expect(response.body.controls).toEqual(['pss-baseline', 'pss-restricted']);
    expect(response.body.markdown).toBe(
      '# Runbook: pod-security\n\n## How to fix\n\nDrop privileges.\n',
    );

    mockDir.addContent({
      'runbooks/pod-security.md': runbookFile(
        'pod-security',
        { title: 'Rewritten' },
        '# Rewritten\n',
      ),
    });
    const updated = await request(server).get(
      '/api/runbooks/runbooks/pod-security',
    );
    expect(updated.body).toMatchObject({
      id: 'pod-security',
      title: 'Rewritten',
      markdown: '# Rewritten\n',
    });
  });

  it('answers 404 with the reasons for an invalid runbook', async () => {
    const server = await startBackend(mockDir.resolve('runbooks'));
    const response = await request(server).get('/api/runbooks/runbooks/broken');
    expect(response.status).toBe(404);
    expect(response.body.error.message).toMatch(
      /^Runbook "broken" is invalid: severity /,
    );
  });

  it.each([
    ['control=pss-baseline', ['pod-security']],
    ['detection=root-account-usage', ['access']],
    ['deployStep=rollback', ['access']],
    ['entity=component:default/portal', ['pod-security']],
    ['entity=Resource:platform/sparki-eks', ['access']],
    ['entity=resource:sparki-eks', []],
    ['control=pss-baseline&detection=root-account-usage', []],
  ])('looks runbooks up by %s', async (query, expected) => {
    const server = await startBackend(mockDir.resolve('runbooks'));
    const response = await request(server).get(
      `/api/runbooks/runbooks?${query}`,
    );
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual(
      expected,
    );
  });

  it.each([
    ['control=pss-baseline&tags=x', 'Unknown query parameter "tags"'],
    ['control=pss-baseline&control=pss-restricted', 'given once'],
    ['control=', 'given once'],
    // Express parses brackets into an object: still one clear 400.
    ['entity[kind]=x', 'Query parameter "entity" must be given once'],
  ])('rejects the lookup %s with 400', async (query, message) => {
    const server = await startBackend(mockDir.resolve('runbooks'));
    const response = await request(server).get(
      `/api/runbooks/runbooks?${query}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(message);
  });

  it('flags staleness after runbooks.staleAfterDays', async () => {
    const { server } = await startTestBackend({
      features: [
        runbooksPlugin,
        mockServices.rootConfig.factory({
          data: {
            runbooks: {
              directory: mockDir.resolve('runbooks'),
              staleAfterDays: 100_000,
            },
          },
        }),
      ],
    });
    const response = await request(server).get(
      '/api/runbooks/runbooks?detection=root-account-usage',
    );
    expect(response.body.items[0]).toMatchObject({
      id: 'access',
      stale: false,
    });
  });

  it('answers 404 for an unknown runbook and for a directory named like one', async () => {
    const server = await startBackend(mockDir.resolve('runbooks'));
    for (const id of ['missing', 'nested']) {
      const response = await request(server).get(
        `/api/runbooks/runbooks/${id}`,
      );
      expect(response.status).toBe(404);
      expect(response.body.error.name).toBe('NotFoundError');
      expect(response.body.error.message).toBe(`No runbook "${id}"`);
    }
  });

  it.each(['..%2Fsecret', '..%2F..%2Frunbooks%2Faccess', 'Not-An-Id', 'a.md'])(
    'rejects the id %s with 400, never reading outside the directory',
    async id => {
      const server = await startBackend(mockDir.resolve('runbooks'));
      const response = await request(server).get(
        `/api/runbooks/runbooks/${id}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
      expect(JSON.stringify(response.body)).not.toContain('Outside');
    },
  );

  it('requires Backstage credentials', async () => {
    const server = await startBackend(mockDir.resolve('runbooks'));
    for (const url of [
      '/api/runbooks/runbooks',
      '/api/runbooks/runbooks?control=pss-baseline',
      '/api/runbooks/runbooks/access',
    ]) {
      const anonymous = await request(server)
        .get(url)
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
      const user = await request(server)
        .get(url)
        .set('Authorization', mockCredentials.user.header());
      expect(user.status).toBe(200);
    }
  });

  it('answers 503 when the directory is missing', async () => {
    const server = await startBackend(mockDir.resolve('nowhere'));
    const response = await request(server).get('/api/runbooks/runbooks');
    expect(response.status).toBe(503);
    expect(response.body.error.message).toBe(
      'The runbooks directory cannot be read',
    );
  });

  describe('Mark as tested', () => {
    it('records a test by the signed-in user, audits it and lets it override the frontmatter', async () => {
      const { server, auditor, event } = await startAuditedBackend(
        mockDir.resolve('runbooks'),
      );
      const before = await request(server)
        .get('/api/runbooks/runbooks/untested')
        .set('Authorization', as('alice'));
      expect(before.body).toMatchObject({
        stale: true,
        staleReasons: ['never-tested'],
      });

      const recorded = await request(server)
        .post('/api/runbooks/runbooks/untested/tests')
        .set('Authorization', as('alice'))
        .send({ date: today(), outcome: 'partial', note: 'step 3 was slow' });
      expect(recorded.status).toBe(201);
      expect(recorded.body).toEqual({
        runbookId: 'untested',
        date: today(),
        by: 'user:default/alice',
        outcome: 'partial',
        note: 'step 3 was slow',
        recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'runbook-attest',
          meta: { runbookId: 'untested' },
        }),
      );
      expect(event.success).toHaveBeenCalledWith({
        meta: { runbookId: 'untested', date: today(), outcome: 'partial' },
      });

      const after = await request(server)
        .get('/api/runbooks/runbooks/untested')
        .set('Authorization', as('alice'));
      expect(after.body).toMatchObject({
        stale: false,
        staleReasons: [],
        lastTested: {
          date: today(),
          by: 'user:default/alice',
          outcome: 'partial',
        },
        lastTestedSource: 'portal',
      });

      // A failed test overrides the file's passed one and flags the runbook.
      await request(server)
        .post('/api/runbooks/runbooks/pod-security/tests')
        .set('Authorization', as('bob'))
        .send({ date: today(), outcome: 'failed', note: 'rollback hung' })
        .expect(201);
      const list = await request(server)
        .get('/api/runbooks/runbooks?control=pss-baseline')
        .set('Authorization', as('bob'));
      expect(list.body.items[0]).toMatchObject({
        id: 'pod-security',
        stale: true,
        staleReasons: ['last-test-failed'],
        lastTested: { by: 'user:default/bob', outcome: 'failed' },
        lastTestedSource: 'portal',
      });

      const history = await request(server)
        .get('/api/runbooks/runbooks/untested/tests')
        .set('Authorization', as('carol'));
      expect(history.status).toBe(200);
      expect(history.body.items).toEqual([recorded.body]);
    });

    it('answers the compliance checklist: tests since a day and the runbooks untested since', async () => {
      const { server } = await startAuditedBackend(mockDir.resolve('runbooks'));
      await request(server)
        .post('/api/runbooks/runbooks/untested/tests')
        .set('Authorization', as('alice'))
        .send({ date: '2026-01-10', outcome: 'passed' })
        .expect(201);
      await request(server)
        .post('/api/runbooks/runbooks/access/tests')
        .set('Authorization', as('alice'))
        .send({ date: '2025-06-01', outcome: 'passed' })
        .expect(201);
      const report = await request(server)
        .get('/api/runbooks/tested?since=2026-01-01')
        .set('Authorization', mockCredentials.service.header());
      expect(report.status).toBe(200);
      expect(report.body).toEqual({
        since: '2026-01-01',
        items: [
          expect.objectContaining({
            runbookId: 'untested',
            date: '2026-01-10',
          }),
        ],
        // pod-security's frontmatter says it was tested today; access's last test is older.
        untested: ['access'],
      });
    });

    it('refuses without runbooks.attest, and audits the refusal', async () => {
      const { server, event } = await startAuditedBackend(
        mockDir.resolve('runbooks'),
        { deny: true },
      );
      const response = await request(server)
        .post('/api/runbooks/runbooks/untested/tests')
        .set('Authorization', as('mallory'))
        .send({ date: today(), outcome: 'passed' });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        'Missing permission runbooks.attest',
      );
      expect(event.fail).toHaveBeenCalled();
      const history = await request(server)
        .get('/api/runbooks/runbooks/untested/tests')
        .set('Authorization', as('mallory'));
      expect(history.body.items).toEqual([]);
    });

    it('accepts only people, never another backend, as testers', async () => {
      const { server } = await startAuditedBackend(mockDir.resolve('runbooks'));
      const response = await request(server)
        .post('/api/runbooks/runbooks/untested/tests')
        .set('Authorization', mockCredentials.service.header())
        .send({ date: today(), outcome: 'passed' });
      expect(response.status).toBe(403);
      expect(response.body.error.name).toBe('NotAllowedError');
    });

    it.each([
      [{ date: today(), outcome: 'failed' }, 'note is required'],
      [{ date: '2999-01-01', outcome: 'passed' }, 'date is in the future'],
      [{ date: 'today', outcome: 'passed' }, 'date must be a date YYYY-MM-DD'],
      [{ outcome: 'passed' }, 'date is required'],
      [
        { date: today(), outcome: 'passed', by: 'user:default/eve' },
        'unknown body field by',
      ],
      [{ date: today(), outcome: 'fine' }, 'outcome '],
    ])('rejects the body %j with 400: %s', async (body, message) => {
      const { server } = await startAuditedBackend(mockDir.resolve('runbooks'));
      const response = await request(server)
        .post('/api/runbooks/runbooks/untested/tests')
        .set('Authorization', as('alice'))
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
      expect(response.body.error.message).toContain(message);
    });

    it('answers 404 for an unknown or invalid runbook and 400 for a bad since', async () => {
      const { server } = await startAuditedBackend(mockDir.resolve('runbooks'));
      for (const id of ['missing', 'broken']) {
        const response = await request(server)
          .post(`/api/runbooks/runbooks/${id}/tests`)
          .set('Authorization', as('alice'))
          .send({ date: today(), outcome: 'passed' });
        expect(response.status).toBe(404);
      }
      for (const query of ['', '?since=2026-02-30', '?since=x&since=y']) {
        const response = await request(server)
          .get(`/api/runbooks/tested${query}`)
          .set('Authorization', as('alice'));
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(/^Invalid query: since /);
      }
    });
  });

  describe('locations', () => {
    const ops = 'https://github.com/sparki-org/ops/tree/main/runbooks';
    const payments =
      'https://github.com/sparki-org/payments/blob/main/docs/payments-failover.md';

    async function startWithLocations(reader: FakeUrlReader, extra = {}) {
      const { server } = await startTestBackend({
        features: [
          runbooksPlugin,
          mockServices.rootConfig.factory({
            data: {
              runbooks: {
                directory: mockDir.resolve('runbooks'),
                locations: [
                  { type: 'url', target: ops },
                  { type: 'url', target: payments },
                ],
                ...extra,
              },
            },
          }),
          createServiceFactory({
            service: coreServices.urlReader,
            deps: {},
            factory: () => reader,
          }),
        ],
      });
      return server;
    }

    it('serves the runbooks of every location, validated like the directory, invalid ones reported with their location', async () => {
      const reader = new FakeUrlReader();
      reader.set(ops, {
        'dns-failover.md': runbookFile('dns-failover', {
          applies_to: '["component:default/sparki-api"]',
        }),
        'bad-owner.md': runbookFile('bad-owner', { owner: 'platform-team' }),
        // Same id as the repository's runbook: the repository's wins, this one is reported.
        'access.md': runbookFile('access'),
      });
      reader.set(payments, {
        'payments-failover.md': runbookFile('payments-failover'),
      });
      const server = await startWithLocations(reader);
      const list = await request(server)
        .get('/api/runbooks/runbooks')
        .set('Authorization', as('alice'));
      expect(list.status).toBe(200);
      expect(
        list.body.items.map((item: { id: string; location?: string }) => [
          item.id,
          item.location,
        ]),
      ).toEqual([
        ['access', undefined],
        ['dns-failover', ops],
        ['payments-failover', payments],
        ['pod-security', undefined],
        ['untested', undefined],
      ]);
      expect(list.body.invalid).toEqual(
        expect.arrayContaining([
          {
            location: ops,
            file: 'bad-owner.md',
            field: 'owner',
            reason: expect.stringContaining('group entity ref'),
          },
          {
            location: ops,
            file: 'access.md',
            field: 'id',
            reason: 'duplicates the runbook "access" of the runbooks directory',
          },
        ]),
      );

      const one = await request(server)
        .get('/api/runbooks/runbooks/payments-failover')
        .set('Authorization', as('alice'));
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        id: 'payments-failover',
        location: payments,
        markdown:
          '# Runbook: payments-failover\n\nBody of payments-failover.\n',
      });
      const byEntity = await request(server)
        .get('/api/runbooks/runbooks?entity=component:default/sparki-api')
        .set('Authorization', as('alice'));
      // pod-security applies to every Component.
      expect(byEntity.body.items.map((i: { id: string }) => i.id)).toEqual([
        'dns-failover',
        'pod-security',
      ]);
    });

    it('reports a location that cannot be read and keeps serving the others', async () => {
      const reader = new FakeUrlReader();
      reader.set(payments, {
        'payments-failover.md': runbookFile('payments-failover'),
      });
      const server = await startWithLocations(reader);
      const list = await request(server)
        .get('/api/runbooks/runbooks')
        .set('Authorization', as('alice'));
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(
        'payments-failover',
      );
      expect(list.body.invalid).toContainEqual({
        location: ops,
        file: ops,
        field: 'location',
        reason: `cannot be read: ${ops} not found`,
      });
    });

    it.each([
      [
        { locations: [{ type: 'file', target: ops }] },
        /locations\[0\]\.type must be url/,
      ],
      [
        { locations: [{ type: 'url', target: 'runbooks/' }] },
        /must be an absolute URL/,
      ],
      [
        // eslint-disable-next-line no-script-url -- the hostile target under test
        { locations: [{ type: 'url', target: 'javascript:alert(1)' }] },
        /must be an http\(s\) URL/,
      ],
      [{ staleAfterDays: 0.5 }, /staleAfterDays must be a whole number/],
    ])('refuses to start with %j', async (runbooks, message) => {
      await expect(
        startTestBackend({
          features: [
            runbooksPlugin,
            mockServices.rootConfig.factory({
              data: {
                runbooks: {
                  directory: mockDir.resolve('runbooks'),
                  ...runbooks,
                },
              },
            }),
          ],
        }),
      ).rejects.toThrow(message);
    });
  });

  it('answers as openapi.yaml describes', async () => {
    const contract = await loadOpenApiContract(
      path.resolve(__dirname, '../openapi.yaml'),
    );
    const { server } = await startAuditedBackend(mockDir.resolve('runbooks'));
    const get = (url: string) =>
      request(server)
        .get(`/api/runbooks${url}`)
        .set('Authorization', as('alice'));
    const recorded = await request(server)
      .post('/api/runbooks/runbooks/untested/tests')
      .set('Authorization', as('alice'))
      .send({ date: today(), outcome: 'failed', note: 'step 2' });
    const checks: Array<[string, string, request.Response]> = [
      ['post', '/runbooks/{id}/tests', recorded],
      ['get', '/runbooks', await get('/runbooks')],
      ['get', '/runbooks', await get('/runbooks?tags=x')],
      ['get', '/runbooks/{id}', await get('/runbooks/untested')],
      ['get', '/runbooks/{id}', await get('/runbooks/missing')],
      ['get', '/runbooks/{id}/tests', await get('/runbooks/untested/tests')],
      ['get', '/tested', await get(`/tested?since=${today()}`)],
      ['get', '/tested', await get('/tested')],
    ];
    expect(checks.map(([, , response]) => response.status)).toEqual([
      201, 200, 400, 200, 404, 200, 200, 400,
    ]);
    for (const [method, route, response] of checks) {
      expect(
        contract(
          method as 'get' | 'post',
          route,
          response.status,
          response.body,
        ),
      ).toEqual([]);
    }
  });
});
