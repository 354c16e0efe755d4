import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withGitManifests } from './gitManifests';

jest.setTimeout(60_000);

const service = (version: string) => `apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  selector: { app: api, version: ${version} }
`;

describe('withGitManifests', () => {
  let dir: string;
  let work: string;
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', work, ...args], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    });

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'posture-git-'));
    work = path.join(dir, 'work');
    await fs.mkdir(path.join(work, 'prod'), { recursive: true });
    git('init', '--quiet', '--initial-branch=main');
    await fs.writeFile(path.join(work, 'prod/service.yaml'), service('blue'));
    await fs.writeFile(path.join(work, 'other.yaml'), service('x'));
    git('add', '.');
    git('commit', '--quiet', '-m', 'blue');
    await fs.writeFile(path.join(work, 'prod/service.yaml'), service('green'));
    git('commit', '--quiet', '-am', 'green');
    // Uncommitted: not what the controller syncs, so not what is scanned.
    await fs.writeFile(path.join(work, 'prod/service.yaml'), service('red'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('reads the committed manifests at the ref, under the path, and cleans up', async () => {
    let seen = '';
    const content = await withGitManifests(
      {
        type: 'git',
        name: 'prod',
        repository: work,
        ref: 'HEAD',
        path: 'prod',
      },
      async directory => {
        seen = directory;
        expect(await fs.readdir(directory)).toEqual(['service.yaml']);
        return fs.readFile(path.join(directory, 'service.yaml'), 'utf8');
      },
    );
    expect(content).toContain('version: green');
    await expect(fs.stat(seen)).rejects.toThrow(/ENOENT/);

    const earlier = await withGitManifests(
      {
        type: 'git',
        name: 'prod',
        repository: path.join(work, '.git'),
        ref: 'main~1',
        path: '',
      },
      async directory =>
        fs.readFile(path.join(directory, 'prod/service.yaml'), 'utf8'),
    );
    expect(earlier).toContain('version: blue');
  });

  it('says which repository and ref it cannot read', async () => {
    await expect(
      withGitManifests(
        { type: 'git', name: 'prod', repository: work, ref: 'nope', path: '' },
        async () => undefined,
      ),
    ).rejects.toThrow(/Cannot read archive of .*work/);
  });
});
