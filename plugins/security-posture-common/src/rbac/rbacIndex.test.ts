import { buildRbacIndex, grantAllows, verbsGranted } from './rbacIndex';
import {
  clusterRole,
  clusterRoleBinding,
  group,
  inventoryOf,
  role,
  roleBinding,
  sa,
  user,
  withUnavailable,
} from '../testUtils/fixtures';

const secretsList = { verbs: ['list'], apiGroup: '', resource: 'secrets' };
const podsCreate = { verbs: ['create'], apiGroup: '', resource: 'pods' };

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
    // Near misses of `nodes/proxy` (compared in place, without building the string).
    for (const resource of [
      'nodes/proxyx',
      'xnodes/proxy',
      'nodes-proxy',
      'nodesproxy',
      '*proxy',
      '**/proxy',
      'nodes/',
      '/proxy',
    ]) {
      expect(
        verbsGranted(
          { apiGroups: [''], resources: [resource], verbs: ['get'] },
          proxy,
        ),
      ).toEqual([]);
    }
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
    expect(r3).toMatchObject({ roleSource: 'unknown', rules: [] });
  });

  it('takes the rules of built-in roles the inventory does not hold from the shipped defaults', () => {
    const index = buildRbacIndex(
      inventoryOf(
        clusterRoleBinding('oncall', 'cluster-admin', [group('oncall')]),
        roleBinding('web', 'editors', { kind: 'ClusterRole', name: 'edit' }, [
          group('editors'),
        ]),
        roleBinding('web', 'viewers', { kind: 'ClusterRole', name: 'view' }, [
          group('viewers'),
        ]),
      ),
    );
    const [editors, viewers, oncall] = index.grants;
    expect(oncall.roleSource).toBe('built-in');
    expect(grantAllows(oncall, secretsList)).toEqual(['list']);
    // edit aggregates system:aggregate-to-edit (and view, through aggregate-to-edit).
    expect(grantAllows(editors, podsCreate)).toEqual(['create']);
    expect(grantAllows(editors, secretsList)).toEqual(['list']);
    expect(
      grantAllows(editors, {
        verbs: ['list'],
        apiGroup: 'batch',
        resource: 'jobs',
      }),
    ).toEqual(['list']);
    expect(grantAllows(viewers, secretsList)).toEqual([]);
    expect(
      grantAllows(viewers, { verbs: ['get'], apiGroup: '', resource: 'pods' }),
    ).toEqual(['get']);
  });

  it('aggregates the inventory’s roles into built-in aggregated roles', () => {
    const index = buildRbacIndex(
      inventoryOf(
        clusterRole(
          'vault-view',
          [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
          { labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
        ),
        roleBinding('web', 'viewers', { kind: 'ClusterRole', name: 'view' }, [
          group('viewers'),
        ]),
      ),
    );
    expect(grantAllows(index.grants[0], secretsList)).toEqual(['list']);
  });

  it('says the rules of an aggregated built-in role are incomplete when ClusterRoles could not be listed', () => {
    const index = buildRbacIndex(
      withUnavailable(
        inventoryOf(
          roleBinding('web', 'viewers', { kind: 'ClusterRole', name: 'view' }, [
            group('viewers'),
          ]),
          clusterRoleBinding('oncall', 'cluster-admin', [group('oncall')]),
        ),
        'clusterroles',
      ),
    );
    const [viewers, oncall] = index.grants;
    expect(viewers.undetermined).toMatch(/aggregat/);
    expect(oncall.undetermined).toBeUndefined();
  });

  it('leaves a binding to a role that is neither in the inventory nor built in undetermined', () => {
    const [grant] = buildRbacIndex(
      inventoryOf(clusterRoleBinding('x', 'operator-role', [group('ops')])),
    ).grants;
    expect(grant).toMatchObject({ roleSource: 'unknown', builtIn: false });
    expect(grant.undetermined).toContain('operator-role');
  });

  it('uses the newest shipped defaults when the cluster version is unknown, and says so', () => {
    const index = buildRbacIndex(inventoryOf());
    expect(index.builtInPolicy.note).toMatch(/version unknown/);
    const versioned = buildRbacIndex({
      ...inventoryOf(),
      kubernetesVersion: 'v1.29.3-eks-1234',
    });
    expect(versioned.builtInPolicy.note).toMatch(/v1\.29/);
  });
});

describe('exemption of upstream defaults', () => {
  const builtInOf = (...objects: Parameters<typeof inventoryOf>) => {
    const index = buildRbacIndex(inventoryOf(...objects));
    return [
      ...index.roles.map(r => [r.ref.name, r.builtIn] as const),
      ...index.grants.map(g => [g.binding.name, g.builtIn] as const),
    ];
  };

  it('exempts the default objects, as kubectl writes them out or trimmed', () => {
    expect(
      builtInOf(
        clusterRoleBinding('cluster-admin', 'cluster-admin', [
          group('system:masters'),
        ]),
        clusterRoleBinding('system:node', 'system:node', []),
        clusterRole('system:kube-dns', [
          {
            apiGroups: [''],
            resources: ['services', 'endpoints'],
            verbs: ['watch', 'list'],
          },
        ]),
        clusterRole(
          'view',
          [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
          {
            aggregationRule: {
              clusterRoleSelectors: [
                {
                  matchLabels: {
                    'rbac.authorization.k8s.io/aggregate-to-view': 'true',
                  },
                },
              ],
            },
          },
        ),
        role('kube-system', 'system:controller:bootstrap-signer', [
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: ['get', 'list', 'watch'],
          },
        ]),
      ),
    ).toEqual([
      ['system:controller:bootstrap-signer', true],
      ['system:kube-dns', true],
      ['view', true],
      ['cluster-admin', true],
      ['system:node', true],
    ]);
  });

  it('judges look-alikes: other names, extra subjects, extra rules, other roleRef, faked labels', () => {
    const labelled = clusterRole('platform-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    ]);
    labelled.metadata.labels = {
      'kubernetes.io/bootstrapping': 'rbac-defaults',
    };
    expect(
      builtInOf(
        labelled,
        clusterRole('system:kube-dns', [
          { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
        ]),
        clusterRole('eks:addon-manager', []),
        clusterRoleBinding('system:kube-dns', 'system:kube-dns', [
          sa('kube-system', 'kube-dns'),
          user('mallory'),
        ]),
        clusterRoleBinding('system:discovery', 'cluster-admin', [
          group('system:authenticated'),
        ]),
        role('web', 'system:controller:bootstrap-signer', []),
      ),
    ).toEqual([
      ['system:controller:bootstrap-signer', false],
      ['platform-admin', false],
      ['system:kube-dns', false],
      ['eks:addon-manager', false],
      ['system:kube-dns', false],
      ['system:discovery', false],
    ]);
  });

  it('does not exempt a default binding whose role was widened', () => {
    const [grant] = buildRbacIndex(
      inventoryOf(
        clusterRole('system:kube-dns', [
          { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
        ]),
        clusterRoleBinding('system:kube-dns', 'system:kube-dns', [
          sa('kube-system', 'kube-dns'),
        ]),
      ),
    ).grants;
    expect(grant.builtIn).toBe(false);
  });

  it('names what an exempt object was compared with', () => {
    const [grant] = buildRbacIndex(
      inventoryOf(clusterRoleBinding('system:node', 'system:node', [])),
    ).grants;
    expect(grant.builtInReason).toMatch(
      /upstream default ClusterRoleBinding "system:node".*bootstrap policy/,
    );
  });
});
