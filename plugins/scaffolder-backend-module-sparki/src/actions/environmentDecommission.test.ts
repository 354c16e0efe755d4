import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { environmentsConfigData } from '../__testUtils__/fixtures';
import { readEnvironmentsConfig } from '../config';
import { createEnvironmentDecommissionAction } from './environmentDecommission';

const action = createEnvironmentDecommissionAction({
  config: readEnvironmentsConfig(
    new ConfigReader({ sparki: { environments: environmentsConfigData } }),
  ),
});

describe('sparki:environment:decommission', () => {
  let workspace: string;
  const root = 'environments/payments-dev';

  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-decommission-'));
    fs.mkdirSync(path.join(workspace, root, 'docs'), { recursive: true });
    for (const file of ['main.tf', 'catalog-info.yaml', 'docs/notes_v1.md']) {
      fs.writeFileSync(path.join(workspace, root, file), `# ${file}\n`);
    }
  });

  afterEach(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const run = (input: { path: string }) => {
    const context = createMockActionContext({
      input,
      workspacePath: workspace,
    });
    return action.handler(context as any).then(() => context.output);
  };

  it('lists every file of the root at its path in the repository, for the request deleting them', async () => {
    const output = await run({ path: `${root}/` });
    expect(output).toHaveBeenCalledWith('filesToDelete', [
      `${root}/catalog-info.yaml`,
      `${root}/docs/notes_v1.md`,
      `${root}/main.tf`,
    ]);
    // Markdown in a file name is escaped in the request's body.
    expect(output).toHaveBeenCalledWith(
      'summary',
      [
        `- ${root}/catalog-info.yaml`,
        `- ${root}/docs/notes\\_v1.md`,
        `- ${root}/main.tf`,
      ].join('\n'),
    );
    expect(output).toHaveBeenCalledWith(
      'infrastructureRepo',
      'github.com?owner=sparki-org&repo=infrastructure',
    );
  });

  it('refuses a directory that is not in the workspace, not there, or not an environment root', async () => {
    await expect(run({ path: '../outside' })).rejects.toThrow(
      /outside|not allowed/i,
    );
    await expect(run({ path: 'environments/absent' })).rejects.toThrow(
      'There is no environments/absent in the workspace',
    );
    fs.rmSync(path.join(workspace, root, 'catalog-info.yaml'));
    await expect(run({ path: root })).rejects.toThrow(
      `${root} is not an environment root: it has no catalog-info.yaml`,
    );
  });

  it('refuses a root holding a symbolic link', async () => {
    fs.symlinkSync('/etc/passwd', path.join(workspace, root, 'docs/link'));
    await expect(run({ path: root })).rejects.toThrow(
      'docs/link of the root is not a regular file: refusing to decommission',
    );
  });
});
