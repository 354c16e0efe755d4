import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentsConfig } from '../config';
import { ModuleDefinitionCache } from '../terraform/moduleDefinitions';
import { formatProblem, validateRoot } from '../terraform/validateRoot';

export const TERRAFORM_VALIDATE_ACTION_ID = 'sparki:terraform:validate';

/**
 * Parses a generated Terraform root with the HashiCorp HCL parser and checks every module call
 * against the variables the module declares; fails the task naming file, block and argument.
 */
export function createTerraformValidateAction(options: {
  config: EnvironmentsConfig;
}) {
  const { config } = options;
  // Module definitions do not change while the backend runs.
  const shippedDefinitions = new ModuleDefinitionCache();
  return createTemplateAction({
    id: TERRAFORM_VALIDATE_ACTION_ID,
    description:
      'Parses every .tf/.tfvars file of a Terraform root and checks module calls, references, variable files and the state backend',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Validate the root generated into environments/payments-staging',
        example: `steps:
  - id: terraform
    action: ${TERRAFORM_VALIDATE_ACTION_ID}
    input:
      path: environments/payments-staging`,
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Root directory inside the workspace (default: the workspace)',
            ),
        modulesDir: z =>
          z
            .string()
            .optional()
            .describe(
              'Module definitions inside the workspace; defaults to sparki.environments.modulesDir',
            ),
      },
      output: {
        files: z => z.array(z.string()).describe('Files that were parsed'),
        moduleCalls: z => z.number().describe('Module calls checked'),
      },
    },
    async handler(ctx) {
      const rootDir = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.path ?? '.',
      );
      const modulesDir = ctx.input.modulesDir
        ? resolveSafeChildPath(ctx.workspacePath, ctx.input.modulesDir)
        : config.modulesDir;
      const result = await validateRoot(rootDir, {
        modulesDir,
        // Never from the step: which modules may be called is the platform's decision.
        moduleSource: config.moduleSource,
        moduleRef: config.moduleRef,
        definitions: ctx.input.modulesDir ? undefined : shippedDefinitions,
      });
      if (result.problems.length > 0) {
        throw new InputError(
          `Terraform root ${ctx.input.path ?? '.'} is invalid (${
            result.problems.length
          } problem${
            result.problems.length === 1 ? '' : 's'
          }):\n${result.problems
            .map(problem => `- ${formatProblem(problem)}`)
            .join('\n')}`,
        );
      }
      ctx.logger.info(
        `Terraform root ${ctx.input.path ?? '.'} is valid: ${
          result.files.length
        } files parsed, ${result.moduleCalls} module calls checked`,
      );
      ctx.output('files', result.files);
      ctx.output('moduleCalls', result.moduleCalls);
    },
  });
}
