import { parse } from '@cdktf/hcl2json';
import { parseAllDocuments } from 'yaml';
import { hclJsonLiteral, HOSTILE_STRINGS } from '../__testUtils__/hostile';
import { planUpdate, setAssignment } from './updateRoot';

const accounts = [
  { id: '111111111111', name: 'sparki-dev', tier: 'dev' as const },
  { id: '222222222222', name: 'sparki-staging', tier: 'staging' as const },
  { id: '444444444444', name: 'sandbox' },
];

// What the sparki-environment skeleton writes for a dev environment, plus a hand edit.
const devTfvars = `# Values of environment qa.
environment    = "qa"
tier           = "dev"
size           = "small"
owner          = "group:default/platform-team"
aws_account_id = "444444444444"
aws_region     = "eu-west-1"
vpc_cidr       = "10.70.0.0/16"

cluster_version    = "1.30"
high_availability  = false
az_count           = 2
single_nat_gateway = true
log_retention_days = 30

node_instance_types = ["t3.large"]
node_min_size       = 1
node_desired_size   = 2
node_max_size       = 3

enable_database             = true
db_instance_class           = "db.t4g.medium"
db_allocated_storage_gb     = 20
db_max_allocated_storage_gb = 100
db_multi_az                 = false
db_backup_retention_days    = 3
db_deletion_protection      = false

enable_redis             = false
redis_node_type          = "cache.t4g.small"
redis_num_cache_clusters = 1

enable_observability = true

# Added by hand: kept by every update.
tags = { cost-center = "payments" }
`;

const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: qa
  # the environment
  annotations:
    sparki.io/tier: dev
    sparki.io/size: small
  tags: [environment, dev]
spec:
  type: environment
  owner: group:default/platform-team
`;

const current = { tfvars: devTfvars, tfvarsFile: 'qa.tfvars', catalogInfo };

async function valuesOf(tfvars: string) {
  return (await parse('qa.tfvars', tfvars)) as Record<string, unknown>;
}

describe('planUpdate', () => {
  it('moves an environment to another size, editing only the affected values', async () => {
    const plan = await planUpdate(current, { size: 'medium' }, accounts);
    expect(plan.problems).toEqual([]);
    expect(plan.changes).toEqual([
      'size: "small" -> "medium"',
      'node_instance_types: ["t3.large"] -> ["m6i.large"]',
      'node_min_size: 1 -> 2',
      'node_desired_size: 2 -> 3',
      'node_max_size: 3 -> 6',
      'db_instance_class: "db.t4g.medium" -> "db.r6g.large"',
      'db_allocated_storage_gb: 20 -> 50',
      'db_max_allocated_storage_gb: 100 -> 250',
      'redis_node_type: "cache.t4g.small" -> "cache.r7g.large"',
      'redis_num_cache_clusters: 1 -> 2',
    ]);
    expect(plan.tfvars).toContain('node_instance_types = ["m6i.large"]');
    expect(plan.tfvars).toContain('# Added by hand: kept by every update.');
    expect(plan.tfvars).toContain('tags = { cost-center = "payments" }');
    expect(plan.tfvars).toContain('tier           = "dev"');
    const values = await valuesOf(plan.tfvars);
    expect(values.size).toBe('medium');
    expect(values.db_multi_az).toBe(false);
  });

  it('adds a component by switching it on', async () => {
    const plan = await planUpdate(
      current,
      { addComponents: ['redis'] },
      accounts,
    );
    expect(plan.changes).toEqual(['enable_redis: false -> true']);
    expect((await valuesOf(plan.tfvars)).enable_redis).toBe(true);
    expect(plan.catalogInfo).toBeUndefined();
  });

  it('refuses adding a component that is already there', async () => {
    const plan = await planUpdate(
      current,
      { addComponents: ['database'] },
      accounts,
    );
    expect(plan.problems).toEqual(['database already enabled']);
  });

  it('changes the tier to the new preset and moves the catalog annotations', async () => {
    const plan = await planUpdate(current, { tier: 'staging' }, accounts);
    expect(plan.problems).toEqual([]);
    const values = await valuesOf(plan.tfvars);
    expect(values).toMatchObject({
      tier: 'staging',
      size: 'medium',
      db_backup_retention_days: 7,
      log_retention_days: 90,
    });
    const [document] = parseAllDocuments(plan.catalogInfo!);
    expect(document.toJS().metadata).toMatchObject({
      annotations: { 'sparki.io/tier': 'staging', 'sparki.io/size': 'medium' },
      tags: ['environment', 'staging'],
    });
    expect(plan.catalogInfo).toContain('# the environment');
    expect(plan.catalogInfo).toContain('  tags: [environment, staging]\n');
  });

  it('keeps the choices made for the current tier when the tier does not change', async () => {
    const customised = setAssignment(devTfvars, 'db_backup_retention_days', 10);
    const plan = await planUpdate(
      { ...current, tfvars: customised },
      { size: 'large' },
      accounts,
    );
    expect((await valuesOf(plan.tfvars)).db_backup_retention_days).toBe(10);
  });

  it('resets a choice to the tier preset on request', async () => {
    const highlyAvailable = setAssignment(devTfvars, 'high_availability', true);
    const kept = await planUpdate(
      { ...current, tfvars: highlyAvailable },
      { size: 'medium' },
      accounts,
    );
    expect((await valuesOf(kept.tfvars)).high_availability).toBe(true);
    const reset = await planUpdate(
      { ...current, tfvars: highlyAvailable },
      { highAvailability: 'preset' },
      accounts,
    );
    expect(reset.changes).toEqual(['high_availability: true -> false']);
  });

  it('refuses moving to prod without its guardrails', async () => {
    const plan = await planUpdate(
      current,
      { tier: 'prod', highAvailability: false },
      accounts,
    );
    expect(plan.problems).toContain(
      'prod requires high availability: multi-AZ database, subnets in 3 AZs, one NAT gateway per AZ',
    );
  });

  it('refuses a tier the account does not host', async () => {
    const devAccount = setAssignment(
      devTfvars,
      'aws_account_id',
      '111111111111',
    );
    const plan = await planUpdate(
      { ...current, tfvars: devAccount },
      { tier: 'staging' },
      accounts,
    );
    expect(plan.problems).toContain(
      'AWS account 111111111111 (sparki-dev) only hosts dev environments, not staging',
    );
  });

  it('never shrinks database storage', async () => {
    const grown = setAssignment(devTfvars, 'db_allocated_storage_gb', 80);
    const plan = await planUpdate(
      { ...current, tfvars: grown },
      { size: 'medium' },
      accounts,
    );
    expect((await valuesOf(plan.tfvars)).db_allocated_storage_gb).toBe(80);
  });

  it('upgrades EKS by one minor version', async () => {
    const plan = await planUpdate(
      current,
      { clusterVersion: '1.31' },
      accounts,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.changes).toEqual(['cluster_version: "1.30" -> "1.31"']);
  });

  it.each([
    [
      '1.32',
      'EKS upgrades one minor version at a time: 1.30 can go to 1.31, not 1.32',
    ],
    ['1.29', 'EKS cannot downgrade the cluster from 1.30 to 1.29'],
  ])('refuses moving EKS to %s', async (version, problem) => {
    const plan = await planUpdate(
      current,
      { clusterVersion: version },
      accounts,
    );
    expect(plan.problems).toContain(problem);
  });

  it('refuses an update that changes nothing', async () => {
    const plan = await planUpdate(current, { size: 'small' }, accounts);
    expect(plan.problems).toEqual([
      'nothing to change: the environment already has these settings',
    ]);
  });

  it('refuses a file without a valid tier', async () => {
    const plan = await planUpdate(
      { ...current, tfvars: setAssignment(devTfvars, 'tier', 'qa') },
      { size: 'large' },
      accounts,
    );
    expect(plan.problems).toEqual(['qa.tfvars has no valid tier (found "qa")']);
  });
});

describe('setAssignment', () => {
  it('replaces a value written over several lines', () => {
    const content = 'a = 1\nlist = [\n  "x",\n  "y",\n]\nb = 2\n';
    expect(setAssignment(content, 'list', ['z'])).toBe(
      'a = 1\nlist = ["z"]\nb = 2\n',
    );
  });

  it('appends an assignment the file does not have', () => {
    expect(setAssignment('a = 1\n', 'b', true)).toBe('a = 1\nb = true\n');
  });

  it('writes every string as an HCL literal that reads back exactly', async () => {
    for (const value of HOSTILE_STRINGS) {
      const edited = setAssignment('a = 1\nb = "x"\nc = 2\n', 'b', value);
      const body = await parse('edited.tfvars', edited);
      expect(Object.keys(body)).toEqual(['a', 'b', 'c']);
      expect(hclJsonLiteral(body.b)).toBe(value);
    }
  });

  it('does not match a longer name with the same prefix', () => {
    expect(
      setAssignment(
        'node_min_size_x = 1\nnode_min_size = 2\n',
        'node_min_size',
        3,
      ),
    ).toBe('node_min_size_x = 1\nnode_min_size = 3\n');
  });
});
