import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { LocalForge } from '../forge/LocalForge';

export const FORGE_FETCH_ACTION_ID = 'sparki:forge:fetch';

/** Copies a directory of main of the local forge into the workspace: the local fetch:plain. */
export function createForgeFetchAction(options: {
  /** Undefined when sparki.environments.localForge is not configured. */
  forge?: LocalForge;
}) {
  const { forge } = options;
  return createTemplateAction({
    id: FORGE_FETCH_ACTION_ID,
    description:
      'Copies a directory of the main branch of the local git forge into the workspace',
    supportsDryRun: true,
    examples: [
      {
        description: 'Fetch the root of payments-dev',
        example: `steps:
  - id: fetch
    action: ${FORGE_FETCH_ACTION_ID}
    input:
      path: environments/payments-dev
      targetPath: environments/payments-dev`,
      },
    ],
    schema: {
      input: {
        path: z =>
          z.string().min(1).describe('Directory of the repository to copy'),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe('Directory of the workspace (default: the workspace)'),
      },
      output: {
        files: z => z.number().describe('Number of files copied'),
        commit: z => z.string().describe('The main commit they were read at'),
      },
    },
    async handler(ctx) {
      if (!forge) {
        throw new InputError(
          `${FORGE_FETCH_ACTION_ID} needs sparki.environments.localForge in the configuration`,
        );
      }
      const directory = ctx.input.path.replace(/^\/+|\/+$/g, '');
      // One commit for every file: a merge landing meanwhile cannot mix two versions.
      const commit = await forge.mainCommit();
      const files = await forge.listFiles(commit, directory);
      if (files.length === 0) {
        throw new InputError(
          `There is no ${directory} on main of the local infrastructure repository`,
        );
      }
      const target = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.targetPath ?? '.',
      );
      for (const file of files) {
        const destination = resolveSafeChildPath(
          target,
          path.posix.relative(directory, file),
        );
        await fs.mkdir(path.dirname(destination), { recursive: true });
        await fs.writeFile(destination, await forge.readFile(commit, file));
      }
      ctx.logger.info(
        `Fetched ${files.length} files of ${directory} at ${commit.slice(
          0,
          12,
        )} of the local forge`,
      );
      ctx.output('files', files.length);
      ctx.output('commit', commit);
    },
  });
}
