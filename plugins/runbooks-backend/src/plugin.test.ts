import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { runbooksPlugin } from './plugin';

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
});
