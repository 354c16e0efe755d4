import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LocalForge } from '@sparki/scaffolder-backend-module-sparki';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readForgeServices } from './readForgeServices';

jest.setTimeout(120_000);

const modulesDir = path.resolve(
  __dirname,
  '../../../templates/terraform/modules',
);
const appBaseUrl = 'http://portal.example';

/** catalog-info.yaml as the sparki-service skeleton renders it. */
const catalogInfo = (
  name: string,
  spec = '',
) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  description: A Sparki service.
  annotations:
    sparki.io/deploy-pipeline: sparki-org/${name}
    backstage.io/kubernetes-id: ${name}
  tags: [service, sparki]
spec:
  type: service
  lifecycle: experimental
  owner: group:default/platform-team
  system: system:default/sparki
  dependsOn:
    - resource:default/sparki-dev
${spec}`;

describe('readForgeServices', () => {
  let dir: string;
  let forge: LocalForge;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-forge-services-'));
    forge = new LocalForge({
      directory: path.join(dir, 'infrastructure.git'),
      seedModulesDir: modulesDir,
    });
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const proposeService = (name: string, content: string, author = 'alice') =>
    forge.propose({
      branch: `service/${name}`,
      title: `Service ${name}`,
      body: '',
      author: `user:default/${author}`,
      files: [
        {
          path: `services/${name}/catalog-info.yaml`,
          content: Buffer.from(content),
        },
        {
          path: `services/${name}/src/server.js`,
          content: Buffer.from('// server\n'),
        },
      ],
    });

  async function view() {
    const { services, problems } = await readForgeServices(forge, {
      appBaseUrl,
    });
    const byRef: Record<string, Entity> = {};
    for (const service of services) {
      byRef[stringifyEntityRef(service.entity)] = service.entity;
    }
    return { byRef, problems };
  }

  it('shows a proposed service with its change, then active once merged, then decommission requested', async () => {
    const change = await proposeService(
      'payments-api',
      catalogInfo('payments-api'),
    );
    const first = await view();
    let byRef = first.byRef;
    expect(first.problems).toEqual([]);
    expect(Object.keys(byRef)).toEqual(['component:default/payments-api']);
    const proposed = byRef['component:default/payments-api'];
    const branchLocation =
      'sparki-forge:service/payments-api:services/payments-api/catalog-info.yaml';
    expect(proposed.metadata.annotations).toMatchObject({
      'sparki.io/lifecycle': 'proposed',
      'sparki.io/forge-change': change.id,
      'sparki.io/deploy-pipeline': 'sparki-org/payments-api',
      'backstage.io/managed-by-location': branchLocation,
      'backstage.io/managed-by-origin-location': branchLocation,
    });
    expect(proposed.metadata.links).toEqual([
      {
        url: `http://portal.example/sparki-forge/changes/${change.id}`,
        title: `Change ${change.id}: Service payments-api`,
      },
    ]);
    expect(proposed.spec).toMatchObject({
      owner: 'group:default/platform-team',
      dependsOn: ['resource:default/sparki-dev'],
    });

    await forge.merge(change.id, 'user:default/bob');
    ({ byRef } = await view());
    const active = byRef['component:default/payments-api'].metadata;
    expect(active.annotations).toMatchObject({
      'sparki.io/lifecycle': 'active',
      'backstage.io/managed-by-location':
        'sparki-forge:main:services/payments-api/catalog-info.yaml',
    });
    expect(active.annotations).not.toHaveProperty(['sparki.io/forge-change']);
    expect(active.links).toBeUndefined();

    const removal = await forge.propose({
      branch: 'decommission/payments-api',
      title: 'Decommission payments-api',
      body: '',
      author: 'user:default/alice',
      files: [],
      removePaths: ['services/payments-api'],
    });
    ({ byRef } = await view());
    expect(
      byRef['component:default/payments-api'].metadata.annotations,
    ).toMatchObject({
      'sparki.io/lifecycle': 'decommission-requested',
      'sparki.io/forge-change': removal.id,
    });
    await forge.merge(removal.id, 'user:default/bob');
    expect((await view()).byRef).toEqual({});
  });

  it.each([
    [
      'another kind',
      'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: evil-svc\nspec:\n  type: team\n  children: []\n',
      'may only declare a Component (backstage.io/v1alpha1) in the default namespace',
    ],
    [
      'another namespace',
      catalogInfo('evil-svc').replace(
        'metadata:\n',
        'metadata:\n  namespace: platform\n',
      ),
      'may only declare a Component (backstage.io/v1alpha1) in the default namespace',
    ],
    [
      'a name other than its directory',
      catalogInfo('payments-api'),
      'must name its Component "evil-svc", after its directory',
    ],
    [
      'a second document',
      `${catalogInfo('evil-svc')}---\n${catalogInfo('other-svc')}`,
      'must hold exactly one document',
    ],
    [
      'a user as owner',
      catalogInfo('evil-svc').replace(
        'owner: group:default/platform-team',
        'owner: user:default/mallory',
      ),
      'has spec.owner "user:default/mallory": it must reference a group',
    ],
    [
      'no system',
      catalogInfo('evil-svc').replace('  system: system:default/sparki\n', ''),
      'has spec.system undefined: it must reference a system',
    ],
    [
      'a dependency on a group',
      catalogInfo('evil-svc', '    - group:default/admins\n'),
      'has spec.dependsOn "group:default/admins": it must reference a resource',
    ],
    ['broken YAML', 'kind: [Component\n', 'is not valid YAML'],
  ])(
    'leaves out a service declaring %s, with a reason',
    async (_, content, reason) => {
      await proposeService('payments-api', catalogInfo('payments-api'));
      await proposeService('evil-svc', content, 'mallory');
      const { byRef, problems } = await view();
      expect(Object.keys(byRef)).toEqual(['component:default/payments-api']);
      expect(problems).toEqual([
        {
          name: 'evil-svc',
          revision: 'service/evil-svc',
          message: expect.stringContaining(
            `catalog-info.yaml of service evil-svc ${reason}`,
          ),
        },
      ]);
    },
  );
});
