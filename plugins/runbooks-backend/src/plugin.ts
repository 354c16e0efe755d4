import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import path from 'node:path';
import { createRouter } from './router';
import { RunbookLibrary } from './service/RunbookLibrary';

/** Markdown runbooks of a directory, served read-only at /api/runbooks. */
export const runbooksPlugin = createBackendPlugin({
  pluginId: 'runbooks',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ config, logger, httpRouter, httpAuth }) {
        const directory = path.resolve(
          config.getOptionalString('runbooks.directory') ?? 'runbooks',
        );
        const staleAfterDays =
          config.getOptionalNumber('runbooks.staleAfterDays') ?? 180;
        if (!Number.isInteger(staleAfterDays) || staleAfterDays < 1) {
          throw new Error(
            `runbooks.staleAfterDays must be a whole number of days of at least 1, got ${staleAfterDays}`,
          );
        }
        const library = new RunbookLibrary({ directory, staleAfterDays });
        if (!(await library.isAvailable())) {
          logger.warn(
            `Runbooks directory ${directory} does not exist: runbook links will show an error`,
          );
        } else {
          logger.info(`Serving runbooks from ${directory}`);
        }
        httpRouter.use(await createRouter({ httpAuth, library }));
      },
    });
  },
});
