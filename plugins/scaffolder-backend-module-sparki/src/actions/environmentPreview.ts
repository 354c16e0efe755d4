import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentsConfig } from '../config';
import { previewRoot } from '../environment/preview';
import { ModuleDefinitionCache } from '../terraform/moduleDefinitions';
import { formatProblem, validateRoot } from '../terraform/validateRoot';

export const ENVIRONMENT_PREVIEW_ACTION_ID = 'sparki:environment:preview';

/**
 * What an environment's root will create, for the reviewer: per module call, the resources of
 * the module definition it calls, and the tier's settings as the root's tfvars set them.
 */
export function createEnvironmentPreviewAction(options: {
  config: EnvironmentsConfig;
}) {
  const { config } = options;
  const definitions = new ModuleDefinitionCache();
  return createTemplateAction({
    id: ENVIRONMENT_PREVIEW_ACTION_ID,
    description:
      'Lists, per module call of a Terraform root, the resources it creates, and the tier settings of its tfvars (markdown for the change body)',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Preview the root generated into environments/payments-dev',
        example: `steps:
  - id: preview
    action: ${ENVIRONMENT_PREVIEW_ACTION_ID}
    input:
      path: environments/payments-dev`,
      },
    ],
    schema: {
      input: {
        path: z => z.string().describe('Root directory inside the workspace'),
      },
      output: {
        modules: z =>
          z
            .array(
              z.object({
                call: z.string(),
                module: z.string(),
                created: z.string(),
                resources: z.array(z.string()),
              }),
            )
            .describe(
              'Per module call: whether it is created and its resource blocks',
            ),
        settings: z =>
          z
            .array(z.object({ label: z.string(), value: z.string() }))
            .describe(
              'The tier settings, "unknown" where the tfvars do not set them',
            ),
        markdown: z => z.string().describe('Both, as markdown'),
      },
    },
    async handler(ctx) {
      const result = await validateRoot(
        resolveSafeChildPath(ctx.workspacePath, ctx.input.path),
        {
          modulesDir: config.modulesDir,
          moduleSource: config.moduleSource,
          moduleRef: config.moduleRef,
          definitions,
        },
      );
      // A preview of a root that does not validate would show less than it runs.
      if (result.problems.length > 0) {
        throw new InputError(
          `No preview of ${
            ctx.input.path
          }: the root is invalid:\n${result.problems
            .map(problem => `- ${formatProblem(problem)}`)
            .join('\n')}`,
        );
      }
      const preview = previewRoot(result);
      ctx.output('modules', preview.modules);
      ctx.output('settings', preview.settings);
      ctx.output('markdown', preview.markdown);
    },
  });
}
