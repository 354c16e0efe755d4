import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  isRunbookId,
  RunbookList,
  runbooksAttestPermission,
  runbookTestInputSchema,
} from '@sparki/runbooks-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { RunbookLibrary, RunbookQuery } from './service/RunbookLibrary';
import { RunbookTestService } from './service/RunbookTestService';
import { parse, testedQuery } from './validation';

const lookupParameters: ReadonlyArray<keyof RunbookQuery> = [
  'control',
  'detection',
  'deployStep',
  'entity',
];

export interface RouterOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  library: RunbookLibrary;
  tests: RunbookTestService;
}

function runbookIdOf(request: Request): string {
  const { id } = request.params;
  if (!isRunbookId(id)) {
    throw new InputError(
      `Invalid runbook id "${id}": lower-case letters, digits and dashes only`,
    );
  }
  return id;
}

export async function createRouter({
  httpAuth,
  userInfo,
  permissions,
  auditor,
  library,
  tests,
}: RouterOptions): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  // Reading runbooks is open to every signed-in user and to other backends (search, compliance).
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
    response.json(await library.get(runbookIdOf(request)));
  });

  router.get('/runbooks/:id/tests', async (request, response) => {
    response.json(await tests.history(runbookIdOf(request)));
  });

  // "Mark as tested": a person (not a backend) holding runbooks.attest, recorded as an audit event.
  router.post('/runbooks/:id/tests', async (request, response) => {
    const runbookId = runbookIdOf(request);
    const event = await auditor.createEvent({
      eventId: 'runbook-attest',
      severityLevel: 'medium',
      request,
      meta: { runbookId },
    });
    try {
      const credentials = await httpAuth.credentials(request, {
        allow: ['user'],
      });
      const [decision] = await permissions.authorize(
        [{ permission: runbooksAttestPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Missing permission ${runbooksAttestPermission.name}`,
        );
      }
      const input = parse(runbookTestInputSchema, request.body, 'body');
      const { userEntityRef } = await userInfo.getUserInfo(credentials);
      const test = await tests.record(runbookId, input, userEntityRef);
      await event.success({
        meta: { runbookId, date: test.date, outcome: test.outcome },
      });
      response.status(201).json(test);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  // For the compliance checklist item "runbooks tested".
  router.get('/tested', async (request, response) => {
    const { since } = parse(testedQuery, request.query, 'query');
    response.json(await tests.testedSince(since));
  });

  return router;
}
