import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '@sparki/git-command';
import { modulesDir, seedEnvironmentsDir } from '../__testUtils__/fixtures';
import { LocalForge } from './LocalForge';

jest.setTimeout(120_000);

describe('LocalForge', () => {
  let dir: string;
  let forge: LocalForge;
  const gitDir = () => path.join(dir, 'infrastructure.git');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-forge-test-'));
    forge = new LocalForge({ directory: gitDir(), seedModulesDir: modulesDir });
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const root = (name: string) => [
    {
      path: `environments/${name}/main.tf`,
      content: Buffer.from(`# ${name}\n`),
    },
    {
      path: `environments/${name}/catalog-info.yaml`,
      content: Buffer.from(`metadata:\n  name: ${name}\n`),
    },
  ];

  const propose = (name: string) =>
    forge.propose({
      branch: `environment/${name}`,
      title: `Environment ${name}`,
      body: 'Requested through the portal.',
      author: 'user:default/alice',
      files: root(name),
    });

  it('creates the repository on first use with the modules on main', async () => {
    const files = await forge.listFiles('main');
    expect(files).toContain('modules/vpc/main.tf');
    expect(files.every(file => file.startsWith('modules/'))).toBe(true);
    expect(await runGit(gitDir(), ['rev-parse', '--is-bare-repository'])).toBe(
      'true\n',
    );
    // A second forge on the same directory reuses it.
    const again = new LocalForge({
      directory: gitDir(),
      seedModulesDir: modulesDir,
    });
    expect(await again.listFiles('main')).toEqual(files);
  });

  it('starts main with the seeded roots under environments/ when given them', async () => {
    const seeded = new LocalForge({
      directory: path.join(dir, 'seeded.git'),
      seedModulesDir: modulesDir,
      seedEnvironmentsDir,
    });
    const files = await seeded.listFiles('main');
    expect(files).toContain('modules/vpc/main.tf');
    expect(files).toEqual(
      expect.arrayContaining([
        'environments/sparki-dev/main.tf',
        'environments/sparki-dev/sparki-dev.tfvars',
        'environments/sparki-staging/catalog-info.yaml',
        'environments/sparki-prod/catalog-info.yaml',
      ]),
    );
    expect(
      await seeded.readFile('main', 'environments/sparki-dev/main.tf'),
    ).toBe(
      fs.readFileSync(
        path.join(seedEnvironmentsDir, 'sparki-dev/main.tf'),
        'utf8',
      ),
    );
    // Seeded, not proposed: no change records.
    expect(await seeded.listChanges()).toEqual([]);
  });

  it('proposes a change on a branch, records it and diffs it', async () => {
    const change = await propose('payments-dev');
    expect(change).toMatchObject({
      id: '1',
      branch: 'environment/payments-dev',
      title: 'Environment payments-dev',
      author: 'user:default/alice',
      state: 'open',
    });
    expect(await forge.listFiles('environment/payments-dev')).toEqual(
      expect.arrayContaining([
        'environments/payments-dev/main.tf',
        'environments/payments-dev/catalog-info.yaml',
        'modules/vpc/main.tf',
      ]),
    );
    expect(await forge.listFiles('main')).not.toContain(
      'environments/payments-dev/main.tf',
    );
    // The record lives in the repository: a new forge on it reads the same.
    const reopened = new LocalForge({
      directory: gitDir(),
      seedModulesDir: modulesDir,
    });
    expect(await reopened.getChange('1')).toEqual(change);
    const diff = await forge.diff('1');
    expect(diff).toContain('+++ b/environments/payments-dev/main.tf');
    expect(diff).toContain('+# payments-dev');
    expect(diff).not.toContain('modules/');
    expect((await propose('orders-dev')).id).toBe('2');
  });

  it('merges a change into main, fast-forward or with a merge commit', async () => {
    await propose('payments-dev');
    await propose('orders-dev');
    const first = await forge.merge('1', 'user:default/bob');
    expect(first.state).toBe('merged');
    expect(first.mergeCommit).toBe(first.headCommit);
    // main moved: the second is merged with a merge commit keeping both.
    const second = await forge.merge('2', 'user:default/bob');
    expect(second.mergeCommit).not.toBe(second.headCommit);
    expect(
      await forge.readFile('main', 'environments/payments-dev/main.tf'),
    ).toBe('# payments-dev\n');
    expect(
      await forge.readFile('main', 'environments/orders-dev/main.tf'),
    ).toBe('# orders-dev\n');
    expect((await forge.getChange('2')).state).toBe('merged');
    await expect(forge.merge('2', 'user:default/bob')).rejects.toMatchObject({
      name: 'ConflictError',
    });
  });

  it('refuses a change that conflicts with main', async () => {
    await propose('payments-dev');
    await forge.propose({
      branch: 'environment/payments-dev-again',
      title: 'Same root',
      body: '',
      author: 'user:default/carol',
      files: [
        {
          path: 'environments/payments-dev/main.tf',
          content: Buffer.from('# other\n'),
        },
      ],
    });
    await forge.merge('1', 'user:default/bob');
    await expect(forge.merge('2', 'user:default/bob')).rejects.toMatchObject({
      name: 'ConflictError',
      message: 'Change 2 conflicts with main: it cannot be merged',
    });
  });

  it('refuses an existing branch and unknown changes', async () => {
    await propose('payments-dev');
    await expect(propose('payments-dev')).rejects.toMatchObject({
      name: 'ConflictError',
    });
    await expect(forge.getChange('7')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(forge.getChange('../../HEAD')).rejects.toMatchObject({
      name: 'InputError',
    });
  });

  /** Merges a branch into main by hand, in a clone, as `git merge` and `git push` would. */
  function mergeByHand(branch: string) {
    const clone = path.join(dir, 'clone');
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Dana',
      GIT_AUTHOR_EMAIL: 'dana@example.com',
      GIT_COMMITTER_NAME: 'Dana',
      GIT_COMMITTER_EMAIL: 'dana@example.com',
    };
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: clone, env, stdio: 'pipe' });
    execFileSync('git', ['clone', '--quiet', gitDir(), clone], { env });
    git('merge', '--no-ff', '--quiet', '-m', 'by hand', `origin/${branch}`);
    git('push', '--quiet', 'origin', 'main');
    fs.rmSync(clone, { recursive: true, force: true });
  }

  it('lists changes with the environments they touch, a `git merge` by hand counting as merged', async () => {
    await propose('payments-dev');
    await propose('orders-dev');
    mergeByHand('environment/orders-dev');
    const changes = await forge.listChanges();
    expect(
      changes.map(({ id, state, environments }) => ({
        id,
        state,
        environments,
      })),
    ).toEqual([
      {
        id: '2',
        state: 'merged',
        environments: [{ name: 'orders-dev', kind: 'create' }],
      },
      {
        id: '1',
        state: 'open',
        environments: [{ name: 'payments-dev', kind: 'create' }],
      },
    ]);
    // The record still says open; the portal cannot merge it a second time.
    expect((await forge.getChange('2')).state).toBe('open');
    await expect(forge.merge('2', 'user:default/bob')).rejects.toMatchObject({
      name: 'ConflictError',
      message: 'Change 2 is already merged',
    });
  });

  it('proposes a decommission, and remembers the roots main removed', async () => {
    await propose('payments-dev');
    await forge.merge('1', 'user:default/bob');
    const removal = await forge.propose({
      branch: 'decommission/payments-dev',
      title: 'Decommission payments-dev',
      body: '',
      author: 'user:default/alice',
      files: [],
      removePaths: ['environments/payments-dev'],
    });
    expect((await forge.getChangeSummary(removal.id)).environments).toEqual([
      { name: 'payments-dev', kind: 'decommission' },
    ]);
    expect(await forge.diff(removal.id)).toContain(
      '--- a/environments/payments-dev/main.tf',
    );
    expect(await forge.removedRoots()).toEqual([]);
    const lastWithRoot = await forge.mainCommit();
    await forge.merge(removal.id, 'user:default/bob');
    expect(await forge.listFiles('main', 'environments')).toEqual([]);
    expect(await forge.removedRoots()).toEqual([
      {
        name: 'payments-dev',
        removedIn: await forge.mainCommit(),
        lastCommit: lastWithRoot,
      },
    ]);
    expect(
      await forge.readFile(lastWithRoot, 'environments/payments-dev/main.tf'),
    ).toBe('# payments-dev\n');
    await expect(
      forge.propose({
        branch: 'decommission/nothing',
        title: 'Nothing',
        body: '',
        author: 'user:default/alice',
        files: [],
        removePaths: ['environments/payments-dev'],
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'The change changes nothing on main',
    });
  });

  it('previews the diff of a proposal without writing an object', async () => {
    await propose('payments-dev');
    await forge.merge('1', 'user:default/bob');
    const objects = () =>
      runGit(gitDir(), ['count-objects', '-v']).then(out =>
        out.split('\n').filter(line => /^(count|in-pack):/.test(line)),
      );
    const before = await objects();
    const diff = await forge.previewDiff({
      branch: 'environment/payments-dev-update',
      title: 'Update',
      body: '',
      author: 'user:default/alice',
      files: [
        {
          path: 'environments/payments-dev/main.tf',
          content: Buffer.from('# payments-dev, bigger\n'),
        },
      ],
    });
    expect(diff).toContain('-# payments-dev\n+# payments-dev, bigger');
    expect(await objects()).toEqual(before);
    expect(await forge.listChanges()).toHaveLength(1);
  });

  it('proposes on a merged branch again, not on an open one', async () => {
    await propose('payments-dev');
    const update = (content: string) =>
      forge.propose({
        branch: 'environment/payments-dev-update',
        title: 'Update',
        body: '',
        author: 'user:default/alice',
        files: [
          {
            path: 'environments/payments-dev/main.tf',
            content: Buffer.from(content),
          },
        ],
      });
    await forge.merge('1', 'user:default/bob');
    const first = await update('# one\n');
    await expect(update('# two\n')).rejects.toMatchObject({
      name: 'ConflictError',
      message:
        'Branch environment/payments-dev-update already exists and is not merged',
    });
    await forge.merge(first.id, 'user:default/bob');
    const second = await update('# two\n');
    expect((await forge.getChangeSummary(second.id)).environments).toEqual([
      { name: 'payments-dev', kind: 'update' },
    ]);
    expect(await forge.diff(second.id)).toContain('-# one\n+# two');
  });

  it.each([
    '..',
    'environment/../main',
    'a..b',
    '-f',
    '--upload-pack=touch pwned',
    'refs/heads/main x',
    'main@{0}',
    'a~1',
    'a^',
    'a:b',
    'a?',
    'a*',
    'a[b',
    'a\\b',
    'a//b',
    '/main',
    'main/',
    'x.lock',
    'x.',
    '.hidden',
    '',
    'a\nb',
    `${'a'.repeat(201)}`,
  ])('refuses the branch name %j', async branch => {
    await expect(
      forge.propose({
        branch,
        title: 't',
        body: '',
        author: 'user:default/alice',
        files: root('x'),
      }),
    ).rejects.toMatchObject({ name: 'InputError' });
  });

  it.each([
    '/etc/passwd',
    '../outside',
    'environments/../../x',
    '.git/config',
    'a/.GIT/hooks/pre-commit',
    'a//b',
    'a/./b',
    'a\\b',
    'a\nb',
    '',
  ])('refuses the file path %j', async filePath => {
    await expect(
      forge.propose({
        branch: 'environment/x',
        title: 't',
        body: '',
        author: 'user:default/alice',
        files: [{ path: filePath, content: Buffer.from('x') }],
      }),
    ).rejects.toMatchObject({ name: 'InputError' });
    // Nothing was written.
    expect(
      await runGit(gitDir(), ['for-each-ref', '--format=%(refname)']),
    ).toBe('refs/heads/main\n');
  });
});
