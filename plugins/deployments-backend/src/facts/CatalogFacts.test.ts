import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogFacts } from './CatalogFacts';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'service', owner: 'payments-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: { type: 'team', children: ['payments-oncall'] },
    relations: [
      { type: 'hasMember', targetRef: 'user:default/frank' },
      { type: 'parentOf', targetRef: 'group:default/payments-oncall' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-oncall', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: 'user:default/gina' },
      // A cycle in bad catalog data must not loop.
      { type: 'parentOf', targetRef: 'group:default/payments-team' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'dave', namespace: 'default' },
    spec: {},
    relations: [
      { type: 'memberOf', targetRef: 'group:default/release-approvers' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'sparki-staging',
      namespace: 'default',
      annotations: { 'sparki.io/tier': 'staging' },
    },
    spec: { type: 'environment' },
    relations: [
      { type: 'dependsOn', targetRef: 'resource:default/aws-account-staging' },
      { type: 'dependsOn', targetRef: 'resource:default/eks-staging' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'aws-account-staging', namespace: 'default' },
    spec: { type: 'aws-account' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'eks-staging',
      namespace: 'default',
      annotations: { 'sparki.io/cluster-name': 'sparki-staging' },
    },
    spec: { type: 'kubernetes-cluster' },
  },
];

const facts = new CatalogFacts(
  catalogServiceMock({ entities }),
  mockServices.auth(),
);

describe('CatalogFacts', () => {
  it('finds the owning group and its members, nested groups included', async () => {
    const service = await facts.entity('component:default/payments');
    expect(await facts.owningGroup(service!)).toEqual({
      owningGroupRef: 'group:default/payments-team',
      members: ['user:default/frank', 'user:default/gina'],
    });
  });

  it("reads each user's groups; an unknown user has none", async () => {
    expect(
      await facts.groupsOf(['user:default/dave', 'user:default/nobody']),
    ).toEqual({
      'user:default/dave': ['group:default/release-approvers'],
      'user:default/nobody': [],
    });
  });

  it("maps an environment to its cluster through the catalog's resources", async () => {
    expect(await facts.clusterOf('staging')).toBe('sparki-staging');
    expect(await facts.clusterOf('prod')).toBeUndefined();
  });
});

describe('CatalogFacts.environmentsOf', () => {
  const environment = (name: string, tier: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'sparki.io/tier': tier },
    },
    spec: { type: 'environment' },
  });
  const related: Entity[] = [
    environment('sparki-dev', 'dev'),
    environment('sparki-prod', 'prod'),
    environment('sparki-staging', 'staging'),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'api-db-prod', namespace: 'default' },
      spec: { type: 'database' },
      relations: [
        { type: 'dependsOn', targetRef: 'resource:default/sparki-prod' },
      ],
    },
  ];
  const catalogFacts = new CatalogFacts(
    catalogServiceMock({ entities: related }),
    mockServices.auth(),
  );
  const service = (dependsOn: string[]): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'api', namespace: 'default' },
    spec: { type: 'service' },
    relations: dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
  });

  it('finds environments the service depends on, directly or through its resources', async () => {
    expect(
      await catalogFacts.environmentsOf(
        service([
          'resource:default/sparki-dev',
          'resource:default/api-db-prod',
          'resource:default/missing',
        ]),
      ),
    ).toEqual(['dev', 'prod']);
    expect(await catalogFacts.environmentsOf(service([]))).toEqual([]);
  });

  it('lists the members of groups, nested groups included', async () => {
    expect(
      (await facts.membersOf(['group:default/payments-team'])).sort(),
    ).toEqual(['user:default/frank', 'user:default/gina']);
    expect(await facts.membersOf([])).toEqual([]);
  });
});
