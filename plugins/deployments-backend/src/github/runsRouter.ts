import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { deploymentsApprovePermission } from '@sparki/deployments-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseInput } from '@sparki/request-validation';
import { EnvironmentsGate, githubTokenOf } from './EnvironmentsGate';

const ownerOrRepo = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'expected a GitHub owner or repository');

const runsQuery = z.strictObject({
  serviceRef: z
    .string({ error: 'expected serviceRef, e.g. component:default/payments' })
    .regex(
      /^[a-z0-9-]+:[^:/\s]+\/\S+$/i,
      'expected an entity ref such as component:default/payments',
    ),
});

const reviewParams = z.strictObject({
  owner: ownerOrRepo,
  repo: ownerOrRepo,
  runId: z
    .string()
    .regex(/^\d{1,20}$/, 'expected a workflow run id')
    .transform(Number),
});

const reviewBody = z
  .strictObject({
    state: z.enum(['approved', 'rejected'], {
      error: 'expected approved or rejected',
    }),
    comment: z.string().trim().max(2000, 'at most 2000 characters').default(''),
  })
  .refine(body => body.state !== 'rejected' || body.comment.length > 0, {
    message: 'a rejection needs a comment',
    path: ['comment'],
  });

/** The approver's GitHub token travels in this header, per request (never stored). */
export const GITHUB_TOKEN_HEADER = 'x-github-token';

/** GitHub environments with required reviewers, reviewed from the portal. */
export function createGitHubRunsRouter(options: {
  gate: EnvironmentsGate;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): express.Router {
  const { gate, httpAuth, permissions, auditor } = options;
  const router = Router();
  router.use('/github/runs', express.json({ limit: '16kb' }));

  router.get('/github/runs', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    const { serviceRef } = parseInput(runsQuery, req.query, 'query');
    const token = githubTokenOf(req.header(GITHUB_TOKEN_HEADER));
    res.json(await gate.waitingRuns(serviceRef, token));
  });

  router.post('/github/runs/:owner/:repo/:runId/review', async (req, res) => {
    const { owner, repo, runId } = parseInput(reviewParams, req.params, 'path');
    const event = await auditor.createEvent({
      eventId: 'deployment-github-review',
      severityLevel: 'medium',
      request: req,
      meta: { owner, repo, runId, state: req.body?.state },
    });
    try {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const [decision] = await permissions.authorize(
        // The run, not a portal request: a conditional policy finds no such request and denies.
        [
          {
            permission: deploymentsApprovePermission,
            resourceRef: `github-run:${owner}/${repo}/${runId}`,
          },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Missing permission ${deploymentsApprovePermission.name}`,
        );
      }
      const body = parseInput(reviewBody, req.body, 'body');
      const token = githubTokenOf(req.header(GITHUB_TOKEN_HEADER));
      const result = await gate.review({ owner, repo, runId, ...body }, token);
      await event.success({ meta: { environments: result.environments } });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
