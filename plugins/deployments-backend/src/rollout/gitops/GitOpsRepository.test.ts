import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitOpsRepository } from './GitOpsRepository';

jest.setTimeout(60_000);

const seedDirectory = path.resolve(__dirname, '../../../../../examples/gitops');

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, GIT_CONFIG_GLOBAL: '/dev/null' },
  }).trim();
}

describe('GitOpsRepository seeding', () => {
  let dir: string;
  let gitDir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gitops-repo-test-'));
    gitDir = path.join(dir, 'gitops.git');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const repository = () =>
    new GitOpsRepository({ gitDir, branch: 'main', seedDirectory });

  it('seeds an existing empty repository (one created but never committed to)', async () => {
    git(gitDir, 'init', '--bare', '--quiet', '--initial-branch=main');
    const head = await repository().head();
    expect(git(gitDir, 'rev-parse', 'HEAD^{commit}')).toBe(head);
    expect(git(gitDir, 'ls-tree', '-r', '--name-only', head)).toContain(
      'sparki-prod/sparki-api/services.yaml',
    );
  });

  it('seeds once when first uses race, in one instance and across replicas', async () => {
    const one = repository();
    const replicas = [one, one, one, repository(), repository()];
    const heads = await Promise.all(replicas.map(r => r.head()));
    expect(new Set(heads).size).toBe(1);
    expect(git(gitDir, 'rev-list', '--count', 'main')).toBe('1');
    expect(git(gitDir, 'log', '-1', '--format=%s', 'main')).toBe(
      'Seed manifests',
    );
  });

  it('keeps what is there, and tries again after a failed seed', async () => {
    const unseedable = new GitOpsRepository({
      gitDir,
      branch: 'main',
      seedDirectory: path.join(dir, 'no-such-seed'),
    });
    await expect(unseedable.head()).rejects.toThrow(/no-such-seed/);

    const head = await repository().head();
    // The failed instance tries again, now finds the branch, and does not seed over it.
    expect(await unseedable.head()).toBe(head);
    expect(git(gitDir, 'rev-list', '--count', 'main')).toBe('1');
  });

  it('without a seed directory, says that the branch is missing', async () => {
    git(gitDir, 'init', '--bare', '--quiet', '--initial-branch=main');
    await expect(
      new GitOpsRepository({ gitDir, branch: 'main' }).head(),
    ).rejects.toThrow(`${gitDir} has no branch main`);
  });
});
