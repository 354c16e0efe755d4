import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentsConfig, proposalForge } from '../config';
import { ServicesConfig } from '../service/servicesConfig';
import { planService } from '../service/validateService';

export const SERVICE_VALIDATE_ACTION_ID = 'sparki:service:validate';

/** The runbooks (ids of runbooks/) of a service's deploys, blue-green switches and rollbacks. */
export const SERVICE_RUNBOOKS = [
  'production-deployment',
  'blue-green-deployment',
  'rollback',
  'deployment-failure',
] as const;

/**
 * Refuses a service request that would collide with the catalog or cannot be deployed by the
 * platform's pipeline, and otherwise resolves what the skeleton renders: the environments'
 * clusters, regions and accounts, the image registry, the pinned portal gate.
 */
export function createServiceValidateAction(options: {
  catalog: CatalogService;
  environments: EnvironmentsConfig;
  /** Undefined when sparki.services is not configured. */
  services?: ServicesConfig;
}) {
  const { catalog, environments, services } = options;
  return createTemplateAction({
    id: SERVICE_VALIDATE_ACTION_ID,
    description:
      'Checks a new Sparki service (name free, owner group, system, one environment per tier, port, health path) and resolves its deploy targets',
    supportsDryRun: true,
    examples: [
      {
        description: 'Validate a service deploying to the demo environments',
        example: `steps:
  - id: validate
    action: ${SERVICE_VALIDATE_ACTION_ID}
    input:
      name: payments
      owner: group:default/platform-team
      system: system:default/sparki
      environments: [resource:default/sparki-dev, resource:default/sparki-staging, resource:default/sparki-prod]
      port: 8080
      healthPath: /healthz`,
      },
    ],
    schema: {
      input: {
        name: z => z.string().describe('Service name, a DNS label'),
        owner: z => z.string().describe('Entity reference of the owning group'),
        system: z => z.string().describe('Entity reference of the system'),
        environments: z =>
          z
            .array(z.string())
            .describe('Entity references of the environments, one per tier'),
        port: z => z.number().describe('Container port (1024-65535)'),
        healthPath: z =>
          z.string().describe('HTTP path of the health check, e.g. /healthz'),
      },
      output: {
        owner: z => z.string().describe('The owner, normalised'),
        system: z => z.string().describe('The system, normalised'),
        serviceRef: z => z.string().describe('component:default/<name>'),
        targets: z =>
          z
            .array(
              z.object({
                tier: z.string(),
                name: z.string(),
                entityRef: z.string(),
                cluster: z.string(),
                region: z.string(),
                accountId: z.string(),
              }),
            )
            .describe('The environments, in pipeline order dev, staging, prod'),
        image: z =>
          z
            .string()
            .describe('ECR repository of the image, in the dev account'),
        pullAccounts: z =>
          z
            .array(z.string())
            .describe('Other accounts whose clusters pull the image'),
        gateAction: z => z.string().describe('Pinned portal gate action'),
        portalUrl: z => z.string(),
        ingressNamespace: z => z.string(),
        repoSlug: z =>
          z
            .string()
            .describe(
              '<owner>/<name> of the GitHub repository the pipeline runs in',
            ),
        runbooks: z =>
          z
            .array(z.string())
            .describe('Ids of the runbooks of its deploys and rollbacks'),
        backend: z =>
          z.object({
            bucket: z.string(),
            key: z.string(),
            region: z.string(),
            lockTable: z.string(),
          }),
        forge: z =>
          z
            .enum(['local', 'github'])
            .describe(
              'Where the service is published: "local" (sparki:forge:propose) when sparki.environments.localForge is configured, else "github"',
            ),
        isDryRun: z => z.boolean(),
        targetPath: z =>
          z.string().describe('Directory of the service on the local forge'),
        repoUrl: z =>
          z.string().describe('repoUrl of the GitHub repository to create'),
        catalogInfoUrl: z =>
          z
            .string()
            .describe('catalog-info.yaml of the GitHub repository to create'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      if (!services) {
        throw new InputError(
          `${SERVICE_VALIDATE_ACTION_ID} needs sparki.services (gateAction) in the configuration`,
        );
      }
      const forge = proposalForge(environments);
      if (forge === 'gitlab') {
        // The template creates the service's repository with publish:github; a GitLab project
        // (publish:gitlab) and a GitLab CI pipeline are not written yet.
        throw new InputError(
          `The Sparki service template creates service repositories on GitHub or on the local forge; the infrastructure repository ${environments.infrastructureRepo} is on GitLab, where creating services is not supported yet`,
        );
      }
      const plan = await planService(input, {
        catalog,
        credentials: await ctx.getInitiatorCredentials(),
      });
      if (plan.problems.length > 0 || !plan.ownerRef || !plan.systemRef) {
        throw new InputError(
          `Service ${JSON.stringify(input.name)} is refused:\n${plan.problems
            .map(p => `- ${p}`)
            .join('\n')}`,
        );
      }
      const [dev, ...others] = plan.targets;
      ctx.logger.info(
        `Service ${input.name} accepted: deploys to ${plan.targets
          .map(target => `${target.name} (${target.tier})`)
          .join(', ')}`,
      );
      ctx.output('owner', plan.ownerRef);
      ctx.output('system', plan.systemRef);
      ctx.output('serviceRef', `component:default/${input.name}`);
      ctx.output('targets', plan.targets);
      ctx.output(
        'image',
        `${dev.accountId}.dkr.ecr.${dev.region}.amazonaws.com/${input.name}`,
      );
      ctx.output('pullAccounts', [
        ...new Set(
          others
            .map(target => target.accountId)
            .filter(id => id !== dev.accountId),
        ),
      ]);
      ctx.output('gateAction', services.gateAction);
      ctx.output('portalUrl', services.portalUrl);
      ctx.output('ingressNamespace', services.ingressNamespace);
      ctx.output('runbooks', [...SERVICE_RUNBOOKS]);
      ctx.output('backend', {
        bucket: `${environments.stateBucketPrefix}-${dev.accountId}`,
        key: `services/${input.name}/terraform.tfstate`,
        region: dev.region,
        lockTable: environments.lockTable,
      });
      ctx.output('forge', forge);
      ctx.output('isDryRun', ctx.isDryRun === true);
      ctx.output('targetPath', `services/${input.name}`);
      const { host, owner } = githubOwnerOf(environments, services);
      ctx.output('repoSlug', `${owner}/${input.name}`);
      ctx.output('repoUrl', `${host}?owner=${owner}&repo=${input.name}`);
      ctx.output(
        'catalogInfoUrl',
        `https://${host}/${owner}/${input.name}/blob/main/catalog-info.yaml`,
      );
    },
  });
}

/** New repositories go to `repoOwner`, by default the owner of the infrastructure repository. */
function githubOwnerOf(
  environments: EnvironmentsConfig,
  services: ServicesConfig,
) {
  const [host, query = ''] = environments.infrastructureRepo.split('?');
  const owner =
    services.repoOwner ?? new URLSearchParams(query).get('owner') ?? '';
  if (!/^[A-Za-z0-9-]+$/.test(owner)) {
    throw new InputError(
      `No GitHub owner for the service repository: set sparki.services.repoOwner`,
    );
  }
  return { host, owner };
}
