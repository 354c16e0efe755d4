import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { isRunbookId, RunbookList } from '@sparki/runbooks-common';
import express from 'express';
import Router from 'express-promise-router';
import { RunbookLibrary } from './service/RunbookLibrary';

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

  router.get('/runbooks', async (_request, response) => {
    const list: RunbookList = { items: await library.list() };
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
