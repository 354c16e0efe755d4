import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { runbooksPlugin } from './plugin';

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

describe('runbooks backend', () => {
  beforeEach(() => {
    mockDir.setContent({
      'secret.md': '# Outside the runbooks directory',
      runbooks: {
        'pod-security.md': [
          '# Runbook: Pod Security',
          '',
          'Controls: `pss-privileged`,',
          'and friends.',
          '',
          '## How to fix',
          '',
          'Drop privileges.',
        ].join('\n'),
        'access.md':
          '# Access\n\n```sh\nkubectl auth can-i\n```\n\nWho can do what.\n',
        'untitled.md': 'Just text.\n',
        'Not-An-Id.md': '# Ignored: not a valid id',
        'notes.txt': 'not markdown',
        'nested.md': {},
      },
    });
  });

  it('lists the runbooks with title and first paragraph, sorted by title', async () => {
    const server = await startBackend(mockDir.resolve('runbooks'));
    const response = await request(server).get('/api/runbooks/runbooks');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [
        { id: 'access', title: 'Access', summary: 'Who can do what.' },
        {
          id: 'pod-security',
          title: 'Runbook: Pod Security',
          summary: 'Controls: `pss-privileged`, and friends.',
        },
        { id: 'untitled', title: 'untitled', summary: 'Just text.' },
      ],
    });
  });

  it('serves one runbook with its markdown and reads edits without a restart', async () => {
    const server = await startBackend(mockDir.resolve('runbooks'));
    const response = await request(server).get(
      '/api/runbooks/runbooks/pod-security',
    );
    expect(response.status).toBe(200);
    expect(response.body.id).toBe('pod-security');
    expect(response.body.title).toBe('Runbook: Pod Security');
    expect(response.body.markdown).toContain('## How to fix');

    mockDir.addContent({ 'runbooks/pod-security.md': '# Rewritten\n' });
    const updated = await request(server).get(
      '/api/runbooks/runbooks/pod-security',
    );
    expect(updated.body).toEqual({
      id: 'pod-security',
      title: 'Rewritten',
      markdown: '# Rewritten\n',
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

  it("serves every runbook of the portal's repository with a title and a summary", async () => {
    const directory = path.resolve(__dirname, '../../../runbooks');
    const server = await startBackend(directory);
    const response = await request(server).get('/api/runbooks/runbooks');
    const files = readdirSync(directory).filter(name => name.endsWith('.md'));
    expect(response.body.items).toHaveLength(files.length);
    for (const item of response.body.items) {
      expect(item.title).toMatch(/^Runbook: /);
      expect(item.summary).not.toBe('');
    }
  });
});
