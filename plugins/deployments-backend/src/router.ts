import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  deploymentsApprovePermission,
  deploymentsOverridePermission,
  deploymentsPromotePermission,
  deploymentsRequestPermission,
  deploymentsRollbackPermission,
} from '@sparki/deployments-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { parseInput } from '@sparki/request-validation';
import { DeploymentReadService } from './service/DeploymentReadService';
import { RolloutService } from './rollout/RolloutService';
import {
  abortBody,
  eventBody,
  promoteBody,
  retryBody,
  rollbackBody,
} from './rollout/validation';
import { Caller, DeploymentService } from './service/DeploymentService';
import {
  approveBody,
  cancelBody,
  createRequestBody,
  formatRequestCursor,
  historyQuery,
  idParams,
  listQuery,
  overrideBody,
  rejectBody,
  serviceParams,
  waitQuery,
} from './validation';

type AuditMeta = NonNullable<
  Parameters<AuditorService['createEvent']>[0]['meta']
>;

export interface RouterOptions {
  service: DeploymentService;
  /** What runs where, and the history. */
  readService: DeploymentReadService;
  /** Deploy progress, promote and rollback (the rollout providers). */
  rollout: RolloutService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** How often `wait` re-reads the request (the store: works across replicas). */
  waitPollMs?: number;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, userInfo, permissions, auditor } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  /** A person with the groups sign-in resolved, or a pipeline (external-access token). */
  async function callerOf(request: Request): Promise<{
    caller: Caller;
    credentials: BackstageCredentials;
  }> {
    const credentials = await httpAuth.credentials(request, {
      allow: ['user', 'service'],
    });
    if (credentials.principal.type === 'user') {
      const info = await userInfo.getUserInfo(credentials);
      return {
        credentials,
        caller: {
          kind: 'user',
          userRef: info.userEntityRef,
          ownershipRefs: info.ownershipEntityRefs,
        },
      };
    }
    const subject =
      'subject' in credentials.principal
        ? String(credentials.principal.subject)
        : 'unknown';
    return { credentials, caller: { kind: 'pipeline', identity: subject } };
  }

  async function authorize(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
  ) {
    const [decision] = await permissions.authorize(
      [
        resourceRef
          ? { permission: permission as ResourcePermission, resourceRef }
          : { permission: permission as BasicPermission },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }

  /** Runs a mutation as an audited decision: who, what, on which request, and the outcome. */
  async function audited<T extends { request: { id: string; state: string } }>(
    request: Request,
    eventId: string,
    meta: AuditMeta,
    run: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request,
      meta,
    });
    try {
      const result = await run();
      await event.success({
        meta: { requestId: result.request.id, state: result.request.state },
      });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.post('/requests', async (req, res) => {
    const view = await audited(
      req,
      'deployment-request',
      { environment: req.body?.environment, serviceRef: req.body?.serviceRef },
      async () => {
        const { caller, credentials } = await callerOf(req);
        await authorize(credentials, deploymentsRequestPermission);
        const input = parseInput(createRequestBody, req.body, 'body');
        return service.create(input, caller);
      },
    );
    res.status(201).json(view);
  });

  router.get('/requests', async (req, res) => {
    const { caller } = await callerOf(req);
    const query = parseInput(listQuery, req.query, 'query');
    const { items, nextAfter } = await service.list(
      {
        state: query.state,
        environment: query.environment,
        serviceRef: query.service,
        waitingForMe: query.waitingForMe,
        attention: query.attention,
        updatedSince: query.updatedSince,
        limit: query.limit,
        after: query.after,
      },
      caller,
    );
    res.json({
      items,
      ...(nextAfter ? { nextAfter: formatRequestCursor(nextAfter) } : {}),
    });
  });

  router.get('/requests/:id', async (req, res) => {
    const { caller } = await callerOf(req);
    const { id } = parseInput(idParams, req.params, 'path');
    res.json(await service.get(id, caller));
  });

  router.post('/requests/:id/approve', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'deployment-approve',
      { requestId: id },
      async () => {
        const { caller, credentials } = await callerOf(req);
        await authorize(credentials, deploymentsApprovePermission, id);
        const { comment } = parseInput(approveBody, req.body, 'body');
        return service.approve(id, caller, comment);
      },
    );
    res.json(view);
  });

  router.post('/requests/:id/override', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'deployment-override',
      { requestId: id, kind: req.body?.kind, reason: req.body?.reason },
      async () => {
        const { caller, credentials } = await callerOf(req);
        await authorize(credentials, deploymentsOverridePermission, id);
        return service.override(
          id,
          caller,
          parseInput(overrideBody, req.body, 'body'),
        );
      },
    );
    res.json(view);
  });

  router.post('/requests/:id/reject', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'deployment-reject',
      { requestId: id },
      async () => {
        const { caller, credentials } = await callerOf(req);
        await authorize(credentials, deploymentsApprovePermission, id);
        const { comment } = parseInput(rejectBody, req.body, 'body');
        return service.reject(id, caller, comment);
      },
    );
    res.json(view);
  });

  router.post('/requests/:id/cancel', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'deployment-cancel',
      { requestId: id },
      async () => {
        const { caller, credentials } = await callerOf(req);
        await authorize(credentials, deploymentsRequestPermission);
        const { comment } = parseInput(cancelBody, req.body, 'body');
        // Requesters cancel their own requests; approvers may cancel anyone's.
        const [approver] = await permissions.authorize(
          [{ permission: deploymentsApprovePermission, resourceRef: id }],
          { credentials },
        );
        return service.cancel(id, caller, {
          comment,
          anyRequester: approver.result === AuthorizeResult.ALLOW,
        });
      },
    );
    res.json(view);
  });

  router.get('/requests/:id/wait', async (req, res) => {
    await callerOf(req);
    const { id } = parseInput(idParams, req.params, 'path');
    const { timeoutSeconds } = parseInput(waitQuery, req.query, 'query');
    // The client hung up: stop polling for it.
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const { request, decided } = await service.waitForDecision(
      id,
      timeoutSeconds,
      { pollMs: options.waitPollMs ?? 1000, aborted: () => closed },
    );
    res.json({
      id: request.id,
      state: request.state,
      revision: request.revision,
      decided,
    });
  });

  router.get(
    '/services/:namespace/:kind/:name/environments',
    async (req, res) => {
      await callerOf(req);
      const ref = parseInput(serviceParams, req.params, 'path');
      res.json(await options.readService.environments(stringifyEntityRef(ref)));
    },
  );

  router.get('/history', async (req, res) => {
    await callerOf(req);
    const query = parseInput(historyQuery, req.query, 'query');
    res.json(await options.readService.history(query));
  });

  router.post('/requests/:id/events', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'deployment-event',
      { requestId: id, type: req.body?.type },
      async () => {
        const { caller, credentials } = await callerOf(req);
        await authorize(credentials, deploymentsRequestPermission);
        const input = parseInput(eventBody, req.body, 'body');
        const request = await options.rollout.report(id, caller, input);
        return service.get(id, caller, request);
      },
    );
    res.json(view);
  });

  router.post('/requests/:id/promote', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'deployment-promote',
      { requestId: id },
      async () => {
        const { caller, credentials } = await callerOf(req);
        await authorize(credentials, deploymentsPromotePermission, id);
        const { comment } = parseInput(promoteBody, req.body, 'body');
        const result = await options.rollout.promote(id, caller, comment);
        return {
          ...(await service.get(id, caller, result.request)),
          rollout: result.rollout ?? null,
        };
      },
    );
    res.json(view);
  });

  router.post('/requests/:id/rollback', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'deployment-rollback',
      { requestId: id, reason: req.body?.reason },
      async () => {
        const { caller, credentials } = await callerOf(req);
        await authorize(credentials, deploymentsRollbackPermission, id);
        const { reason } = parseInput(rollbackBody, req.body, 'body');
        const result = await options.rollout.rollback(id, caller, reason);
        return {
          ...(await service.get(id, caller, result.request)),
          rollout: result.rollout ?? null,
        };
      },
    );
    res.json(view);
  });

  // Argo Rollouts' abort; a stopped deploy is `failed`, under the rollback permission (it stops
  // the new version just as a rollback does).
  router.post('/requests/:id/abort', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'deployment-abort',
      { requestId: id, reason: req.body?.reason },
      async () => {
        const { caller, credentials } = await callerOf(req);
        await authorize(credentials, deploymentsRollbackPermission, id);
        const { reason } = parseInput(abortBody, req.body, 'body');
        const result = await options.rollout.abort(id, caller, reason);
        return {
          ...(await service.get(id, caller, result.request)),
          rollout: result.rollout ?? null,
        };
      },
    );
    res.json(view);
  });

  // Argo Rollouts' retry of an aborted deploy, under the promote permission (it sends the new
  // version forward again).
  router.post('/requests/:id/retry', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'deployment-retry',
      { requestId: id, reason: req.body?.reason },
      async () => {
        const { caller, credentials } = await callerOf(req);
        await authorize(credentials, deploymentsPromotePermission, id);
        const { reason } = parseInput(retryBody, req.body, 'body');
        const result = await options.rollout.retry(id, caller, reason);
        return {
          ...(await service.get(id, caller, result.request)),
          rollout: result.rollout ?? null,
        };
      },
    );
    res.json(view);
  });

  return router;
}
