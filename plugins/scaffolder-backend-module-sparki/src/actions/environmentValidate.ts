import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  EnvironmentsConfig,
  infrastructureFileUrl,
  proposalForge,
} from '../config';
import { COMPONENTS, SIZES, TIERS } from '../environment/tiers';
import { planEnvironment } from '../environment/validateEnvironment';
import { TOGGLE_CHOICES, toOverrides } from './overrides';

export const ENVIRONMENT_VALIDATE_ACTION_ID = 'sparki:environment:validate';

/**
 * Refuses an environment request that would collide with the catalog or break policy, and
 * otherwise resolves the tier preset into the settings the skeleton renders.
 */
export function createEnvironmentValidateAction(options: {
  catalog: CatalogService;
  config: EnvironmentsConfig;
}) {
  const { catalog, config } = options;
  return createTemplateAction({
    id: ENVIRONMENT_VALIDATE_ACTION_ID,
    description:
      'Checks a new Sparki environment (name free in the catalog, CIDR free, account and region allowed, tier guardrails) and resolves its settings',
    supportsDryRun: true,
    examples: [
      {
        description: 'Validate a staging environment',
        example: `steps:
  - id: validate
    action: ${ENVIRONMENT_VALIDATE_ACTION_ID}
    input:
      name: payments-staging
      tier: staging
      accountId: '222222222222'
      region: eu-west-1
      vpcCidr: 10.40.0.0/16
      owner: group:default/payments
      components: [database, redis]`,
      },
    ],
    schema: {
      input: {
        name: z =>
          z.string().describe('Environment name; also the EKS cluster name'),
        tier: z => z.enum(TIERS).describe('dev, staging or prod'),
        accountId: z => z.string().describe('12-digit AWS account ID'),
        region: z => z.string().describe('AWS region'),
        vpcCidr: z => z.string().describe('IPv4 CIDR of the VPC, /16 to /20'),
        owner: z =>
          z.string().describe('Entity reference of the owning group or user'),
        components: z =>
          z
            .array(z.enum(COMPONENTS))
            .optional()
            .describe('Optional components to enable (all when omitted)'),
        size: z =>
          z
            .enum([...SIZES, 'tier'])
            .optional()
            .describe('Sizing; "tier" keeps the tier preset'),
        highAvailability: z =>
          z
            .union([z.boolean(), z.enum(TOGGLE_CHOICES)])
            .optional()
            .describe('Multi-AZ database, 3 AZs, NAT per AZ, cache replicas'),
        deletionProtection: z =>
          z
            .union([z.boolean(), z.enum(TOGGLE_CHOICES)])
            .optional()
            .describe('Deletion protection of the database'),
        backupRetentionDays: z =>
          z
            .number()
            .int()
            .optional()
            .describe('Days database backups are kept'),
        encryption: z =>
          z
            .boolean()
            .optional()
            .describe('Encryption at rest; cannot be turned off'),
      },
      output: {
        settings: z =>
          z.record(z.string(), z.unknown()).describe('Resolved tier settings'),
        components: z =>
          z
            .record(z.string(), z.boolean())
            .describe('Enabled state of each optional component'),
        clusterEntityName: z => z.string(),
        accountEntityRef: z => z.string().optional(),
        owner: z =>
          z
            .string()
            .describe(
              'The owner, checked and normalised to kind:namespace/name',
            ),
        moduleSource: z => z.string(),
        moduleRefQuery: z => z.string(),
        infrastructureRepo: z => z.string(),
        forge: z =>
          z
            .enum(['local', 'github', 'gitlab'])
            .describe(
              'Where the change is proposed: "local" (sparki:forge:propose) when sparki.environments.localForge is configured, else the host of the infrastructure repository, "github" (publish:github:pull-request) or "gitlab" (publish:gitlab:merge-request)',
            ),
        isDryRun: z =>
          z
            .boolean()
            .describe(
              'True in a dry run: templates skip publishing, which needs GitHub or GitLab credentials',
            ),
        targetPath: z =>
          z
            .string()
            .describe('Directory of the root in the infrastructure repo'),
        catalogInfoUrl: z =>
          z
            .string()
            .describe(
              'Where catalog-info.yaml will be once the pull request is merged',
            ),
        backend: z =>
          z.object({
            bucket: z.string(),
            key: z.string(),
            lockTable: z.string(),
          }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const plan = await planEnvironment(
        {
          name: input.name,
          tier: input.tier,
          accountId: input.accountId,
          region: input.region,
          vpcCidr: input.vpcCidr,
          owner: input.owner,
          overrides: toOverrides(input),
        },
        { catalog, credentials: await ctx.getInitiatorCredentials(), config },
      );
      // No owner reference without a problem saying why.
      if (plan.problems.length > 0 || !plan.ownerRef) {
        throw new InputError(
          `Environment ${input.name} is refused:\n${plan.problems
            .map(p => `- ${p}`)
            .join('\n')}`,
        );
      }
      const enabled = input.components ?? [...COMPONENTS];
      ctx.logger.info(
        `Environment ${input.name} accepted: ${plan.settings.tier}, ${
          plan.settings.size
        }, high availability ${plan.settings.highAvailability ? 'on' : 'off'}`,
      );
      ctx.output('settings', { ...plan.settings });
      ctx.output(
        'components',
        Object.fromEntries(
          COMPONENTS.map(component => [component, enabled.includes(component)]),
        ),
      );
      ctx.output('clusterEntityName', plan.clusterEntityName);
      ctx.output('owner', plan.ownerRef);
      if (plan.accountEntityRef) {
        ctx.output('accountEntityRef', plan.accountEntityRef);
      }
      ctx.output('moduleSource', config.moduleSource);
      ctx.output(
        'moduleRefQuery',
        config.moduleRef ? `?ref=${config.moduleRef}` : '',
      );
      ctx.output('infrastructureRepo', config.infrastructureRepo);
      ctx.output('forge', proposalForge(config));
      ctx.output('isDryRun', ctx.isDryRun === true);
      const targetPath = `environments/${input.name}`;
      ctx.output('targetPath', targetPath);
      ctx.output(
        'catalogInfoUrl',
        infrastructureFileUrl(config, `${targetPath}/catalog-info.yaml`),
      );
      ctx.output('backend', {
        bucket: `${config.stateBucketPrefix}-${input.accountId}`,
        key: `environments/${input.name}/terraform.tfstate`,
        lockTable: config.lockTable,
      });
    },
  });
}
