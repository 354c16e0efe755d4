import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { isRunbookId, RunbookList } from '@sparki/runbooks-common';
import express from 'express';
import Router from 'express-promise-router';
import { RunbookLibrary, RunbookQuery } from './service/RunbookLibrary';

const lookupParameters: ReadonlyArray<keyof RunbookQuery> = [
  'control',
  'detection',
  'deployStep',
  'entity',
];

export interface RouterOptions {
  httpAuth: HttpAuthService;
  library: RunbookLibrary;
}

export async function createRouter({
  httpAuth,
  library,
}: RouterOptions): Promise<express.Router> {
  const router = Router();

  // Runbooks are open to every signed-in user and to other backends; no permission to check.
  router.use(async (request, _response, next) => {
    await httpAuth.credentials(request, { allow: ['user', 'service'] });
    next();
  });

  // Lookups: `?control=`, `?detection=`, `?deployStep=`, `?entity=` (each at most once).
  router.get('/runbooks', async (request, response) => {
    const query: RunbookQuery = {};
    for (const [name, value] of Object.entries(request.query)) {
      if (!lookupParameters.includes(name as keyof RunbookQuery)) {
        throw new InputError(
          `Unknown query parameter "${name}": use ${lookupParameters.join(
            ', ',
          )}`,
        );
      }
      if (typeof value !== 'string' || value === '') {
        throw new InputError(
          `Query parameter "${name}" must be given once, with a value`,
        );
      }
      query[name as keyof RunbookQuery] = value;
    }
    const list: RunbookList = await library.list(query);
    response.json(list);
  });

  router.get('/runbooks/:id', async (request, response) => {
    const { id } = request.params;
    if (!isRunbookId(id)) {
      throw new InputError(
        `Invalid runbook id "${id}": lower-case letters, digits and dashes only`,
      );
    }
    response.json(await library.get(id));
  });

  return router;
}
