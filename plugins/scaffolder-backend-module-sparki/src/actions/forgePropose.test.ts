import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modulesDir } from '../__testUtils__/fixtures';
import { LocalForge } from '../forge/LocalForge';
import { createForgeProposeAction } from './forgePropose';

jest.setTimeout(120_000);

describe('sparki:forge:propose', () => {
  let dir: string;
  let workspace: string;
  let forge: LocalForge;
  let auditor: ReturnType<typeof mockServices.auditor.mock>;
  let auditEvent: { success: jest.Mock; fail: jest.Mock };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-propose-'));
    workspace = path.join(dir, 'workspace');
    const root = path.join(workspace, 'environments/payments-dev');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'main.tf'), '# payments-dev\n');
    fs.writeFileSync(path.join(root, 'payments-dev.tfvars'), 'tier = "dev"\n');
    forge = new LocalForge({
      directory: path.join(dir, 'infrastructure.git'),
      seedModulesDir: modulesDir,
    });
    auditEvent = { success: jest.fn(), fail: jest.fn() };
    auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => auditEvent),
    });
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const input = {
    branchName: 'environment/payments-dev',
    title: 'Environment payments-dev (dev)',
    description: 'New dev environment.',
    sourcePath: 'environments/payments-dev',
    targetPath: 'environments/payments-dev',
  };

  async function run(
    overrides: Record<string, unknown> = {},
    isDryRun = false,
    events?: ReturnType<typeof mockServices.events.mock>,
  ) {
    const action = createForgeProposeAction({ forge, auditor, events });
    const context = {
      // createMockActionContext does not pass isDryRun on.
      ...createMockActionContext({
        input: { ...input, ...overrides },
        workspacePath: workspace,
        user: { ref: 'user:default/alice' },
      }),
      isDryRun,
    };
    await action.handler(context as any);
    return context;
  }

  it('commits the workspace directory to a branch and records the change', async () => {
    const context = await run();
    expect(context.output).toHaveBeenCalledWith('changeId', '1');
    expect(context.output).toHaveBeenCalledWith(
      'branch',
      'environment/payments-dev',
    );
    expect(context.output).toHaveBeenCalledWith('remoteUrl', forge.remoteUrl);
    expect(await forge.listFiles('environment/payments-dev')).toEqual(
      expect.arrayContaining([
        'environments/payments-dev/main.tf',
        'environments/payments-dev/payments-dev.tfvars',
      ]),
    );
    expect(
      await forge.readFile(
        'environment/payments-dev',
        'environments/payments-dev/main.tf',
      ),
    ).toBe('# payments-dev\n');
    expect(await forge.getChange('1')).toMatchObject({
      title: 'Environment payments-dev (dev)',
      body: 'New dev environment.',
      author: 'user:default/alice',
      state: 'open',
    });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'forge-change-propose' }),
    );
    expect(auditEvent.success).toHaveBeenCalledWith({
      meta: { changeId: '1' },
    });
  });

  it('writes nothing in a dry run, but refuses what a real run refuses', async () => {
    const context = await run({}, true);
    expect(context.output).toHaveBeenCalledWith('changeId', 'dry-run');
    expect(fs.existsSync(path.join(dir, 'infrastructure.git'))).toBe(false);
    await expect(
      run({ branchName: 'environment/../main' }, true),
    ).rejects.toMatchObject({
      name: 'InputError',
    });
  });

  it('outputs the diff, announces the change, and previews the diff of a dry run', async () => {
    const events = mockServices.events.mock();
    const context = await run({}, false, events);
    expect(context.output).toHaveBeenCalledWith(
      'diff',
      expect.stringContaining('+++ b/environments/payments-dev/main.tf'),
    );
    expect(events.publish).toHaveBeenCalledWith({
      topic: 'sparki.forge.changes',
      eventPayload: { changeId: '1', action: 'propose' },
    });
    await forge.merge('1', 'user:default/bob');

    // Once the repository exists, a dry run shows what it would propose, writing nothing.
    fs.writeFileSync(
      path.join(workspace, 'environments/payments-dev/payments-dev.tfvars'),
      'tier = "staging"\n',
    );
    const dryRun = await run(
      { branchName: 'environment/payments-dev-update' },
      true,
    );
    expect(dryRun.output).toHaveBeenCalledWith(
      'diff',
      expect.stringContaining('-tier = "dev"\n+tier = "staging"'),
    );
    expect(await forge.listChanges()).toHaveLength(1);
  });

  it('proposes a decommission: removePaths without sourcePath adds nothing', async () => {
    await run();
    await forge.merge('1', 'user:default/bob');
    const context = await run({
      branchName: 'decommission/payments-dev',
      title: 'Decommission payments-dev',
      sourcePath: undefined,
      targetPath: undefined,
      removePaths: ['environments/payments-dev'],
    });
    expect(context.output).toHaveBeenCalledWith('changeId', '2');
    expect((await forge.getChangeSummary('2')).environments).toEqual([
      { name: 'payments-dev', kind: 'update' },
    ]);
    expect(await forge.listFiles('decommission/payments-dev')).not.toContain(
      'environments/payments-dev/main.tf',
    );
  });

  it('refuses a hostile branch or target path and records the failure', async () => {
    await expect(run({ branchName: '--orphan' })).rejects.toMatchObject({
      name: 'InputError',
    });
    expect(auditEvent.fail).toHaveBeenCalled();
    await expect(run({ targetPath: '../outside' })).rejects.toMatchObject({
      name: 'InputError',
    });
    await expect(run({ sourcePath: '../..' })).rejects.toThrow(
      /outside the working directory|not allowed/i,
    );
  });

  it('refuses a symbolic link in the workspace', async () => {
    fs.symlinkSync(
      '/etc/passwd',
      path.join(workspace, 'environments/payments-dev/passwd'),
    );
    await expect(run()).rejects.toMatchObject({
      name: 'InputError',
      message: 'Only regular files can be proposed, not passwd',
    });
  });

  it('says when no local forge is configured', async () => {
    const action = createForgeProposeAction({ auditor });
    await expect(
      action.handler(
        createMockActionContext({ input, workspacePath: workspace }) as any,
      ),
    ).rejects.toThrow(
      'sparki:forge:propose needs sparki.environments.localForge',
    );
  });
});
