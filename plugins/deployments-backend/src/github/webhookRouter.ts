import { AuditorService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { ProtectionRuleGate } from './ProtectionRuleGate';

/** Where GitHub sends `deployment_protection_rule` events; unauthenticated for Backstage. */
export const GITHUB_WEBHOOK_PATH = '/github/webhook';

/**
 * The webhook route. It has its own router because the signature is computed over the exact
 * bytes GitHub sent, so the body must reach the gate unparsed. A delivery can create a deploy
 * request, so each one is audited, refused ones (a bad signature) too.
 */
export function createGitHubWebhookRouter(options: {
  gate: ProtectionRuleGate;
  auditor: AuditorService;
}): express.Router {
  const router = Router();
  router.post(
    GITHUB_WEBHOOK_PATH,
    express.raw({ type: () => true, limit: '1mb' }),
    async (req, res) => {
      const deliveryId = req.header('x-github-delivery');
      const event = await options.auditor.createEvent({
        eventId: 'deployment-github-webhook',
        severityLevel: 'medium',
        request: req,
        meta: { event: req.header('x-github-event'), deliveryId },
      });
      try {
        const outcome = await options.gate.handleWebhook({
          rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          signature: req.header('x-hub-signature-256'),
          event: req.header('x-github-event'),
          deliveryId,
        });
        if ('error' in outcome.body) {
          // Signed but not gateable (unmapped repository, environment without a policy).
          const refusal = new Error(outcome.body.error.message);
          refusal.name = outcome.body.error.name;
          await event.fail({
            error: refusal,
            meta: { status: outcome.status },
          });
        } else {
          await event.success({
            meta: { status: outcome.status, ...outcome.body },
          });
        }
        res.status(outcome.status).json(outcome.body);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );
  return router;
}
