import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentsConfig } from '../config';
import { markdownText } from '../templating/quoting';

export const ENVIRONMENT_DECOMMISSION_ACTION_ID =
  'sparki:environment:decommission';

/**
 * Lists the files of an environment's root fetched into the workspace: the files a pull request
 * (`filesToDelete` of publish:github:pull-request) or a merge request (`commitAction: delete`
 * of publish:gitlab:merge-request) removes from the infrastructure repository, neither of
 * which deletes a directory.
 */
export function createEnvironmentDecommissionAction(options: {
  config: EnvironmentsConfig;
}) {
  const { config } = options;
  return createTemplateAction({
    id: ENVIRONMENT_DECOMMISSION_ACTION_ID,
    description:
      "Lists the files of an environment's root fetched into the workspace, for the pull or merge request deleting them",
    supportsDryRun: true,
    examples: [
      {
        description: 'The files removing payments-dev',
        example: `steps:
  - id: decommission
    action: ${ENVIRONMENT_DECOMMISSION_ACTION_ID}
    input:
      path: environments/payments-dev`,
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .min(1)
            .describe(
              'Directory of the workspace holding the root, at its path in the repository (environments/<name>)',
            ),
      },
      output: {
        filesToDelete: z =>
          z
            .array(z.string())
            .describe('Paths of the root files in the repository, sorted'),
        summary: z =>
          z
            .string()
            .describe('Markdown list of the files removed, for the request'),
        infrastructureRepo: z => z.string(),
        isDryRun: z => z.boolean(),
      },
    },
    async handler(ctx) {
      const directory = ctx.input.path.replace(/^\/+|\/+$/g, '');
      const root = resolveSafeChildPath(ctx.workspacePath, directory);
      const files = await listFiles(root).catch(error => {
        if (error.code === 'ENOENT') {
          throw new InputError(`There is no ${directory} in the workspace`);
        }
        throw error;
      });
      if (!files.includes('catalog-info.yaml')) {
        throw new InputError(
          `${directory} is not an environment root: it has no catalog-info.yaml`,
        );
      }
      const filesToDelete = files
        .map(file => path.posix.join(directory, file))
        .sort();
      ctx.logger.info(
        `Decommissioning ${directory} removes ${filesToDelete.length} files`,
      );
      ctx.output('filesToDelete', filesToDelete);
      ctx.output(
        'summary',
        filesToDelete.map(file => `- ${markdownText(file)}`).join('\n'),
      );
      ctx.output('infrastructureRepo', config.infrastructureRepo);
      ctx.output('isDryRun', ctx.isDryRun === true);
    },
  });
}

/** Regular files under a directory, relative to it with `/`; a symbolic link is refused. */
async function listFiles(directory: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await fs.readdir(directory, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      files.push(
        ...(await listFiles(path.join(directory, entry.name), relative)),
      );
    } else if (entry.isFile()) {
      files.push(relative);
    } else {
      throw new InputError(
        `${relative} of the root is not a regular file: refusing to decommission`,
      );
    }
  }
  return files;
}
