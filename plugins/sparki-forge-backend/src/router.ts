import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { sparkiForgeMergePermission } from '@sparki/sparki-forge-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseInput } from '@sparki/request-validation';
import {
  COMPONENTS,
  SIZES,
  TIERS,
} from '@sparki/scaffolder-backend-module-sparki';
import { EnvironmentPreviewService } from './service/EnvironmentPreviewService';
import { ForgeChangeService } from './service/ForgeChangeService';

const idParams = z.strictObject({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/, 'a change id is a number such as 3'),
});
const listQuery = z.strictObject({
  environment: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/,
      'an environment name such as payments-dev',
    )
    .optional(),
});

// The sparki-environment form's choices, as its template.yaml enumerates them.
const toggle = z.enum(['tier', 'on', 'off']);
const previewBody = z.strictObject({
  tier: z.enum(TIERS),
  components: z.array(z.enum(COMPONENTS)).max(COMPONENTS.length).optional(),
  size: z.enum(['tier', ...SIZES]).optional(),
  highAvailability: toggle.optional(),
  deletionProtection: toggle.optional(),
  backupRetentionDays: z.number().int().min(1).max(35).optional(),
});

export interface RouterOptions {
  service: ForgeChangeService;
  previews: EnvironmentPreviewService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, previews, httpAuth, permissions, auditor } = options;
  const router = Router();
  router.use(express.json({ limit: '1kb' }));

  router.get('/changes', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parseInput(listQuery, req.query, 'query');
    res.json({ items: await service.list(query) });
  });

  router.get('/changes/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { id } = parseInput(idParams, req.params, 'change id');
    res.json(await service.get(id));
  });

  // Reads only (module definitions, tier presets): any signed-in user, nothing to audit.
  router.post('/environment-preview', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    const body = parseInput(previewBody, req.body ?? {}, 'preview request');
    res.json(await previews.preview(body));
  });

  router.post('/changes/:id/merge', async (req, res) => {
    const event = await auditor.createEvent({
      eventId: 'forge-change-merge',
      severityLevel: 'medium',
      request: req,
      meta: { changeId: req.params.id },
    });
    try {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const [decision] = await permissions.authorize(
        [{ permission: sparkiForgeMergePermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Missing permission ${sparkiForgeMergePermission.name}`,
        );
      }
      const { id } = parseInput(idParams, req.params, 'change id');
      const merged = await service.merge(
        id,
        credentials.principal.userEntityRef,
      );
      await event.success({
        meta: { mergeCommit: merged.mergeCommit, branch: merged.branch },
      });
      res.json(merged);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
