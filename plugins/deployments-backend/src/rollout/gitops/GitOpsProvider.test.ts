import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { RolloutChange } from '../RolloutProvider';
import { GitOpsProvider } from './GitOpsProvider';
import { GitOpsRepository } from './GitOpsRepository';

jest.setTimeout(60_000);

const seedDirectory = path.resolve(__dirname, '../../../../../examples/gitops');
const file = 'sparki-prod/sparki-api/services.yaml';

const carol: RolloutChange = {
  actor: { kind: 'user', userRef: 'user:default/carol', groups: [] },
  reason: 'release 1.4: "green" #1\n$(rm -rf /)',
  requestId: 'r-1',
  eventId: 'promote:1',
  at: new Date('2026-12-02T10:00:00.000Z'),
};

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], {
    encoding: 'utf8',
  });
}

describe('GitOpsProvider', () => {
  let dir: string;
  let gitDir: string;
  let provider: GitOpsProvider;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gitops-test-'));
    gitDir = path.join(dir, 'gitops.git');
    provider = new GitOpsProvider({
      repository: new GitOpsRepository({
        gitDir,
        branch: 'main',
        seedDirectory,
      }),
      file,
      namespace: 'sparki-api',
      service: 'sparki-api',
    });
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  function serviceAtHead() {
    const docs = parseAllDocuments(git(gitDir, 'show', `main:${file}`));
    return docs
      .map(doc => doc.toJS())
      .find(doc => doc.metadata.name === 'sparki-api');
  }

  it('commits the selector switch as the person, naming who and why, keeping the file', async () => {
    const outcome = await provider.promote(carol);
    expect(outcome).toMatchObject({ from: 'blue', to: 'green' });
    expect(await provider.status()).toEqual({
      kind: 'gitops',
      activeColor: 'green',
      previewColor: 'blue',
    });
    expect(outcome.providerRef).toEqual({
      provider: 'gitops',
      id: git(gitDir, 'rev-parse', 'main').trim(),
    });
    const service = serviceAtHead();
    expect(service.spec.selector).toEqual({
      app: 'sparki-api',
      version: 'green',
    });
    expect(service.metadata.annotations).toEqual({
      'sparki.io/switched-by': 'user:default/carol',
      'sparki.io/switched-at': '2026-12-02T10:00:00.000Z',
      'sparki.io/switched-reason': carol.reason,
      'sparki.io/deployment-request': 'r-1',
      'sparki.io/deployment-event': 'promote:1',
    });
    // Only the live Service changed: comments and the color Services are kept.
    const diff = git(gitDir, 'diff', 'main~1', 'main', '--stat');
    expect(diff).toContain('1 file changed');
    const content = git(gitDir, 'show', `main:${file}`);
    expect(content).toContain('# One Service per color');
    expect(content).toContain('selector: { app: sparki-api, version: blue }');
    expect(git(gitDir, 'log', '-1', '--format=%an <%ae>', 'main').trim()).toBe(
      'carol <carol@users.sparki.local>',
    );
    const message = git(gitDir, 'log', '-1', '--format=%B', 'main');
    expect(message).toContain('Promote sparki-api/sparki-api to green');
    expect(message).toContain(`Reason: ${carol.reason}`);
    expect(message).toContain('Sparki-Request: r-1');
  });

  it('does not commit again when the same decision is retried', async () => {
    const first = await provider.promote(carol);
    const again = await provider.promote(carol);
    expect(again).toMatchObject({ from: 'blue', to: 'green' });
    expect(again.providerRef.id).toBe(first.providerRef.id);
    expect(git(gitDir, 'rev-list', '--count', 'main').trim()).toBe('2');
  });

  it('rolls back with another commit, by the system when automated', async () => {
    await provider.promote(carol);
    const outcome = await provider.rollback(
      {
        ...carol,
        actor: { kind: 'system', name: 'deployments-health-watch' },
        eventId: 'rollback:auto',
        reason: 'green failed its health check',
      },
      'blue',
    );
    expect(outcome).toMatchObject({ from: 'green', to: 'blue' });
    expect(serviceAtHead().spec.selector.version).toBe('blue');
    expect(git(gitDir, 'log', '-1', '--format=%an', 'main').trim()).toBe(
      'Sparki Portal (deployments-health-watch)',
    );
    expect(serviceAtHead().metadata.annotations['sparki.io/switched-by']).toBe(
      'system:deployments-health-watch',
    );
  });

  it('refuses a file without the Service, and a rollback to no color', async () => {
    const missing = new GitOpsProvider({
      repository: new GitOpsRepository({
        gitDir,
        branch: 'main',
        seedDirectory,
      }),
      file,
      namespace: 'sparki-api',
      service: 'nope',
    });
    await expect(missing.promote(carol)).rejects.toThrow(
      /has no Service sparki-api\/nope/,
    );
    await expect(provider.rollback(carol, 'purple')).rejects.toThrow(
      /expected blue or green/,
    );
  });

  it('reports a missing repository as a backend error', async () => {
    const absent = new GitOpsProvider({
      repository: new GitOpsRepository({
        gitDir: path.join(dir, 'none.git'),
        branch: 'main',
      }),
      file,
      namespace: 'sparki-api',
      service: 'sparki-api',
    });
    await expect(absent.promote(carol)).rejects.toMatchObject({
      statusCode: 502,
    });
    expect(await absent.status()).toMatchObject({
      kind: 'gitops',
      phase: expect.stringMatching(/has no branch main/),
    });
  });
});
