import {
  buildRbacIndex,
  grantAllows,
  isBuiltInRbacObject,
  verbsGranted,
} from './rbacIndex';
import {
  clusterRole,
  clusterRoleBinding,
  group,
  inventoryOf,
  role,
  roleBinding,
  sa,
} from '../testUtils/fixtures';

describe('verbsGranted', () => {
  const secrets = { verbs: ['get', 'list'], apiGroup: '', resource: 'secrets' };

  it('matches verbs, groups and resources, with wildcards', () => {
    expect(
      verbsGranted(
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
        secrets,
      ),
    ).toEqual(['get']);
    expect(
      verbsGranted(
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        secrets,
      ),
    ).toEqual(['get', 'list']);
    expect(
      verbsGranted(
        { apiGroups: ['apps'], resources: ['secrets'], verbs: ['*'] },
        secrets,
      ),
    ).toEqual([]);
    expect(
      verbsGranted(
        { apiGroups: [''], resources: ['configmaps'], verbs: ['*'] },
        secrets,
      ),
    ).toEqual([]);
  });

  it('matches subresources exactly or through */subresource', () => {
    const proxy = {
      verbs: ['get'],
      apiGroup: '',
      resource: 'nodes',
      subresource: 'proxy',
    };
    expect(
      verbsGranted(
        { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
        proxy,
      ),
    ).toEqual(['get']);
    expect(
      verbsGranted(
        { apiGroups: [''], resources: ['*/proxy'], verbs: ['get'] },
        proxy,
      ),
    ).toEqual(['get']);
    expect(
      verbsGranted(
        { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
        proxy,
      ),
    ).toEqual([]);
    expect(
      verbsGranted(
        { apiGroups: [''], resources: ['*/proxy'], verbs: ['get'] },
        secrets,
      ),
    ).toEqual([]);
  });

  it('does not count rules limited to named objects', () => {
    expect(
      verbsGranted(
        {
          apiGroups: [''],
          resources: ['secrets'],
          resourceNames: ['tls'],
          verbs: ['get'],
        },
        secrets,
      ),
    ).toEqual([]);
  });
});

describe('buildRbacIndex', () => {
  it('resolves ClusterRole aggregation transitively', () => {
    const index = buildRbacIndex(
      inventoryOf(
        clusterRole('top', [], {
          aggregationRule: {
            clusterRoleSelectors: [
              { matchLabels: { 'aggregate-to-top': 'true' } },
            ],
          },
        }),
        clusterRole(
          'middle',
          [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
          {
            labels: { 'aggregate-to-top': 'true' },
            aggregationRule: {
              clusterRoleSelectors: [
                { matchLabels: { 'aggregate-to-middle': 'true' } },
              ],
            },
          },
        ),
        clusterRole(
          'leaf',
          [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
          {
            labels: { 'aggregate-to-middle': 'true' },
          },
        ),
        clusterRole('unrelated', [
          { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        ]),
        clusterRoleBinding('readers', 'top', [group('readers')]),
      ),
    );
    const [grant] = index.grants;
    expect(
      grantAllows(grant, {
        verbs: ['list'],
        apiGroup: '',
        resource: 'secrets',
      }),
    ).toEqual(['list']);
    expect(
      grantAllows(grant, { verbs: ['get'], apiGroup: '', resource: 'pods' }),
    ).toEqual(['get']);
    expect(
      grantAllows(grant, { verbs: ['delete'], apiGroup: '', resource: 'pods' }),
    ).toEqual([]);
  });

  it('survives aggregation cycles', () => {
    const index = buildRbacIndex(
      inventoryOf(
        clusterRole(
          'a',
          [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
          {
            labels: { ring: 'a' },
            aggregationRule: {
              clusterRoleSelectors: [{ matchLabels: { ring: 'b' } }],
            },
          },
        ),
        clusterRole(
          'b',
          [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
          {
            labels: { ring: 'b' },
            aggregationRule: {
              clusterRoleSelectors: [{ matchLabels: { ring: 'a' } }],
            },
          },
        ),
      ),
    );
    const a = index.roles.find(r => r.ref.name === 'a')!;
    expect(a.rules.map(r => r.resources![0]).sort()).toEqual([
      'pods',
      'secrets',
    ]);
  });

  it('scopes RoleBindings to their namespace and resolves Role or ClusterRole refs', () => {
    const index = buildRbacIndex(
      inventoryOf(
        role('web', 'reader', [
          { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        ]),
        clusterRole('secret-reader', [
          { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
        ]),
        roleBinding('web', 'r1', { kind: 'Role', name: 'reader' }, [
          sa('web', 'app'),
        ]),
        roleBinding(
          'web',
          'r2',
          { kind: 'ClusterRole', name: 'secret-reader' },
          [{ kind: 'ServiceAccount', name: 'app' }],
        ),
        roleBinding('web', 'r3', { kind: 'Role', name: 'missing' }, [
          group('g'),
        ]),
      ),
    );
    const [r1, r2, r3] = index.grants;
    expect(r1).toMatchObject({
      namespace: 'web',
      role: { kind: 'Role', name: 'reader', namespace: 'web' },
    });
    expect(r2.namespace).toBe('web');
    expect(r2.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'app', namespace: 'web' },
    ]);
    expect(
      grantAllows(r2, { verbs: ['get'], apiGroup: '', resource: 'secrets' }),
    ).toEqual(['get']);
    expect(r3).toMatchObject({ roleMissing: true, rules: [] });
  });
});

describe('isBuiltInRbacObject', () => {
  it('recognises bootstrap and EKS objects only', () => {
    expect(isBuiltInRbacObject(clusterRole('system:node', []))).toBe(true);
    expect(isBuiltInRbacObject(clusterRole('eks:addon-manager', []))).toBe(
      true,
    );
    expect(
      isBuiltInRbacObject(
        clusterRole('admin', [], {
          labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
        }),
      ),
    ).toBe(true);
    expect(
      isBuiltInRbacObject(
        clusterRoleBinding('cluster-admin', 'cluster-admin', [
          group('system:masters'),
        ]),
      ),
    ).toBe(true);
    expect(
      isBuiltInRbacObject(
        clusterRoleBinding('cluster-admin', 'cluster-admin', [group('ops')]),
      ),
    ).toBe(false);
    expect(isBuiltInRbacObject(clusterRole('ci-deployer', []))).toBe(false);
  });
});
