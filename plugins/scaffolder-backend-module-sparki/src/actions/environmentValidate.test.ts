import { JsonObject } from '@backstage/types';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readEnvironmentsConfig } from '../config';
import {
  demoCatalogEntities,
  environmentsConfigData,
} from '../__testUtils__/fixtures';
import { HOSTILE_STRINGS } from '../__testUtils__/hostile';
import { createEnvironmentValidateAction } from './environmentValidate';

const config = readEnvironmentsConfig(
  new ConfigReader({ sparki: { environments: environmentsConfigData } }),
);

const validInput = {
  name: 'payments-staging',
  tier: 'staging',
  accountId: '222222222222',
  region: 'eu-west-1',
  vpcCidr: '10.40.0.0/16',
  owner: 'group:default/platform-team',
};

describe('sparki:environment:validate', () => {
  const action = createEnvironmentValidateAction({
    catalog: catalogServiceMock({ entities: demoCatalogEntities() }),
    config,
  });

  async function run(input: JsonObject) {
    const context = createMockActionContext({ input });
    await action.handler(context as any);
    return context;
  }

  async function refusal(input: JsonObject): Promise<string> {
    try {
      await run(input);
    } catch (error) {
      expect((error as Error).name).toBe('InputError');
      return (error as Error).message;
    }
    throw new Error('expected the request to be refused');
  }

  it('accepts a valid request and resolves the tier preset', async () => {
    const context = await run(validInput);
    expect(context.output).toHaveBeenCalledWith(
      'settings',
      expect.objectContaining({
        tier: 'staging',
        size: 'medium',
        highAvailability: false,
        dbBackupRetentionDays: 7,
        nodeInstanceTypes: ['m6i.large'],
      }),
    );
    expect(context.output).toHaveBeenCalledWith('components', {
      database: true,
      redis: true,
      observability: true,
    });
    expect(context.output).toHaveBeenCalledWith(
      'accountEntityRef',
      'resource:default/aws-account-staging',
    );
    expect(context.output).toHaveBeenCalledWith(
      'clusterEntityName',
      'payments-staging-eks',
    );
    expect(context.output).toHaveBeenCalledWith(
      'targetPath',
      'environments/payments-staging',
    );
    expect(context.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      'https://github.com/sparki-org/infrastructure/blob/main/environments/payments-staging/catalog-info.yaml',
    );
    expect(context.output).toHaveBeenCalledWith('backend', {
      bucket: 'sparki-terraform-state-222222222222',
      key: 'environments/payments-staging/terraform.tfstate',
      lockTable: 'sparki-terraform-locks',
    });
  });

  it('tells the template where to propose the change: the local forge when configured', async () => {
    expect((await run(validInput)).output).toHaveBeenCalledWith(
      'forge',
      'github',
    );
    const local = createEnvironmentValidateAction({
      catalog: catalogServiceMock({ entities: demoCatalogEntities() }),
      config: readEnvironmentsConfig(
        new ConfigReader({
          sparki: {
            environments: { ...environmentsConfigData, localForge: {} },
          },
        }),
      ),
    });
    const context = createMockActionContext({ input: validInput });
    await local.handler(context as any);
    expect(context.output).toHaveBeenCalledWith('forge', 'local');
    // Production layers `enabled: false` over the demo's block.
    expect(
      readEnvironmentsConfig(
        new ConfigReader({
          sparki: {
            environments: {
              ...environmentsConfigData,
              localForge: { enabled: false },
            },
          },
        }),
      ).localForge,
    ).toBeUndefined();
  });

  it('tells the template whether this is a dry run', async () => {
    // createMockActionContext does not carry isDryRun over, so it is set afterwards.
    const context = {
      ...createMockActionContext({ input: validInput }),
      isDryRun: true,
    };
    await action.handler(context as any);
    expect(context.output).toHaveBeenCalledWith('isDryRun', true);
    expect((await run(validInput)).output).toHaveBeenCalledWith(
      'isDryRun',
      false,
    );
  });

  it('gives prod the large, highly available, protected preset', async () => {
    const context = await run({
      ...validInput,
      name: 'payments-prod',
      tier: 'prod',
      accountId: '333333333333',
    });
    expect(context.output).toHaveBeenCalledWith(
      'settings',
      expect.objectContaining({
        size: 'large',
        highAvailability: true,
        azCount: 3,
        singleNatGateway: false,
        dbMultiAz: true,
        dbDeletionProtection: true,
        dbBackupRetentionDays: 30,
        redisNumCacheClusters: 3,
      }),
    );
  });

  it('applies overrides and the chosen components', async () => {
    const context = await run({
      ...validInput,
      size: 'large',
      highAvailability: 'on',
      backupRetentionDays: 14,
      components: ['redis'],
    });
    expect(context.output).toHaveBeenCalledWith(
      'settings',
      expect.objectContaining({
        size: 'large',
        dbMultiAz: true,
        dbBackupRetentionDays: 14,
      }),
    );
    expect(context.output).toHaveBeenCalledWith('components', {
      database: false,
      redis: true,
      observability: false,
    });
  });

  it('refuses a name already in the catalog', async () => {
    expect(await refusal({ ...validInput, name: 'sparki-staging' })).toContain(
      'name "sparki-staging" is taken: the catalog already has resource:default/sparki-staging',
    );
  });

  it('refuses a malformed name', async () => {
    expect(
      await refusal({ ...validInput, name: 'Payments_Staging' }),
    ).toContain('name "Payments_Staging" must be 3-32 lowercase letters');
  });

  it('outputs the owner as a normalised entity reference', async () => {
    for (const [owner, normalised] of [
      ['group:default/platform-team', 'group:default/platform-team'],
      ['Group:platform-team', 'group:default/platform-team'],
      ['user:default/alice', 'user:default/alice'],
    ]) {
      expect((await run({ ...validInput, owner })).output).toHaveBeenCalledWith(
        'owner',
        normalised,
      );
    }
  });

  it.each([
    ['platform-team', 'owner "platform-team" is not an entity reference'],
    [
      'component:default/portal',
      'owner "component:default/portal" must be a group or user',
    ],
    ['group:default/', 'owner "group:default/" is not an entity reference'],
    [
      'group:default/team"\nevil = "1',
      'owner "group:default/team\\"\\nevil = \\"1" is not an entity reference: invalid name',
    ],
    [
      'group:Default/platform-team',
      'is not an entity reference: invalid namespace "Default"',
    ],
    [
      'group:default/nobody',
      'owner "group:default/nobody" is not in the catalog',
    ],
  ])('refuses the owner %j', async (owner, reason) => {
    expect(await refusal({ ...validInput, owner })).toContain(reason);
  });

  it('refuses every hostile owner', async () => {
    for (const hostile of HOSTILE_STRINGS) {
      for (const owner of [hostile, `group:default/${hostile}`]) {
        expect(await refusal({ ...validInput, owner })).toContain(
          `owner ${JSON.stringify(owner)}`,
        );
      }
    }
  });

  it.each([
    ['10.40.0/16', '"10.40.0/16" is not an IPv4 CIDR'],
    ['10.400.0.0/16', 'has an octet above 255'],
    ['10.40.1.0/16', 'has host bits set; the network address is 10.40.0.0/16'],
    ['10.40.0.0/24', 'must have a prefix between /16 and /20'],
    ['8.8.0.0/16', 'must lie in a private range'],
  ])('refuses the malformed CIDR %s', async (vpcCidr, reason) => {
    expect(await refusal({ ...validInput, vpcCidr })).toContain(reason);
  });

  it.each([
    [
      '10.20.0.0/16',
      '10.20.0.0/16 of environment resource:default/sparki-staging',
    ],
    [
      '10.30.64.0/18',
      '10.30.0.0/16 of environment resource:default/sparki-prod',
    ],
    ['10.0.0.0/8', '10.10.0.0/16 of environment resource:default/sparki-dev'],
  ])(
    'refuses %s, which overlaps an existing environment',
    async (vpcCidr, taken) => {
      expect(await refusal({ ...validInput, vpcCidr })).toContain(
        `VPC CIDR ${vpcCidr} overlaps ${taken}`,
      );
    },
  );

  it('accepts a CIDR adjacent to a taken one', async () => {
    await expect(
      run({ ...validInput, vpcCidr: '10.21.0.0/16' }),
    ).resolves.toBeDefined();
  });

  it('refuses an account or region that is not allowed', async () => {
    const message = await refusal({
      ...validInput,
      accountId: '999999999999',
      region: 'us-east-1',
    });
    expect(message).toContain(
      'AWS account 999999999999 is not allowed; allowed accounts: 111111111111 (sparki-dev)',
    );
    expect(message).toContain(
      'region us-east-1 is not allowed; allowed regions: eu-west-1, eu-central-1',
    );
  });

  it('refuses an environment in an account reserved for another tier', async () => {
    expect(
      await refusal({ ...validInput, tier: 'prod', accountId: '222222222222' }),
    ).toContain(
      'AWS account 222222222222 (sparki-staging) only hosts staging environments, not prod',
    );
  });

  it('refuses prod without high availability, deletion protection or 7 days of backups', async () => {
    const message = await refusal({
      ...validInput,
      name: 'payments-prod',
      tier: 'prod',
      accountId: '333333333333',
      highAvailability: 'off',
      deletionProtection: false,
      backupRetentionDays: 3,
    });
    expect(message).toContain('prod requires high availability');
    expect(message).toContain(
      'prod requires deletion protection on the database',
    );
    expect(message).toContain(
      'prod requires database backups kept at least 7 days (got 3)',
    );
  });

  it('refuses turning encryption off', async () => {
    expect(await refusal({ ...validInput, encryption: false })).toContain(
      'encryption at rest cannot be turned off',
    );
  });

  it('refuses backup retention RDS does not allow', async () => {
    expect(await refusal({ ...validInput, backupRetentionDays: 40 })).toContain(
      'backup retention of 40 days is outside what RDS allows (1-35 days)',
    );
  });

  it('lists every problem at once', async () => {
    const message = await refusal({
      ...validInput,
      name: 'sparki-dev',
      vpcCidr: '10.10.0.0/16',
      region: 'us-east-1',
    });
    // The name is taken twice: by the environment and by the cluster it would declare.
    expect(message.split('\n').filter(line => line.startsWith('- '))).toEqual([
      '- name "sparki-dev" is taken: the catalog already has resource:default/sparki-dev',
      '- name "sparki-dev" is taken: the catalog already has resource:default/sparki-dev-eks',
      '- VPC CIDR 10.10.0.0/16 overlaps 10.10.0.0/16 of environment resource:default/sparki-dev',
      '- region us-east-1 is not allowed; allowed regions: eu-west-1, eu-central-1',
    ]);
  });
});
