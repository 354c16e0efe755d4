import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentsConfig, proposalForge } from '../config';
import { checkEnvironmentProvenance } from '../environment/environmentProvenance';

export const ENVIRONMENT_LOCATE_ACTION_ID = 'sparki:environment:locate';

/**
 * Finds where an environment's root lives: refuses an entity the catalog did not read from the
 * infrastructure repository, and builds the root's URL from the configuration, not the entity.
 */
export function createEnvironmentLocateAction(options: {
  catalog: CatalogService;
  config: EnvironmentsConfig;
}) {
  const { catalog, config } = options;
  return createTemplateAction({
    id: ENVIRONMENT_LOCATE_ACTION_ID,
    description:
      'Checks that an environment entity was registered from the infrastructure repository and gives the URL of its Terraform root there',
    supportsDryRun: true,
    examples: [
      {
        description: 'Locate the root of payments-staging',
        example: `steps:
  - id: locate
    action: ${ENVIRONMENT_LOCATE_ACTION_ID}
    input:
      environment: resource:default/payments-staging`,
      },
    ],
    schema: {
      input: {
        environment: z =>
          z.string().describe('Entity reference of the environment Resource'),
      },
      output: {
        name: z => z.string().describe('Environment name'),
        entityRef: z => z.string().describe('Entity reference, normalised'),
        targetPath: z =>
          z
            .string()
            .describe(
              'Directory of the root in the infrastructure repository: environments/<name>',
            ),
        forge: z =>
          z
            .enum(['local', 'github', 'gitlab'])
            .describe(
              'local: the root is on main of the local forge (sparki:forge:fetch reads it); github or gitlab: at sourceUrl (fetch:plain reads it)',
            ),
        sourceUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The root on the default branch of the GitHub or GitLab infrastructure repository, for fetch:plain',
            ),
      },
    },
    async handler(ctx) {
      const requested = ctx.input.environment;
      let ref: CompoundEntityRef;
      try {
        ref = parseEntityRef(requested, {
          defaultKind: 'resource',
          defaultNamespace: 'default',
        });
      } catch (error) {
        throw new InputError(
          `"${requested}" is not an entity reference: ${
            (error as Error).message
          }`,
        );
      }
      if (ref.kind.toLocaleLowerCase('en-US') !== 'resource') {
        throw new InputError(
          `"${requested}" is not a Resource: environments are Resources of type environment`,
        );
      }
      const entityRef = stringifyEntityRef(ref);
      const entity = await catalog.getEntityByRef(entityRef, {
        credentials: await ctx.getInitiatorCredentials(),
      });
      if (!entity) {
        throw new InputError(`${entityRef} is not in the catalog`);
      }
      const { root, problems } = checkEnvironmentProvenance(entity, config);
      if (!root) {
        throw new InputError(
          `Environment ${entityRef} cannot be updated:\n${problems
            .map(problem => `- ${problem}`)
            .join('\n')}`,
        );
      }
      const forge = proposalForge(config);
      ctx.logger.info(
        `Environment ${entityRef}: root at ${
          root.sourceUrl ?? `${root.targetPath} on main of the local forge`
        }`,
      );
      ctx.output('name', root.name);
      ctx.output('entityRef', entityRef);
      ctx.output('targetPath', root.targetPath);
      ctx.output('forge', forge);
      if (root.sourceUrl) ctx.output('sourceUrl', root.sourceUrl);
    },
  });
}
