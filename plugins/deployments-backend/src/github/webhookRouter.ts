import express from 'express';
import Router from 'express-promise-router';
import { ProtectionRuleGate } from './ProtectionRuleGate';

/** Where GitHub sends `deployment_protection_rule` events; unauthenticated for Backstage. */
export const GITHUB_WEBHOOK_PATH = '/github/webhook';

/**
 * The webhook route. It has its own router because the signature is computed over the exact
 * bytes GitHub sent, so the body must reach the gate unparsed.
 */
export function createGitHubWebhookRouter(options: {
  gate: ProtectionRuleGate;
}): express.Router {
  const router = Router();
  router.post(
    GITHUB_WEBHOOK_PATH,
    express.raw({ type: () => true, limit: '1mb' }),
    async (req, res) => {
      const outcome = await options.gate.handleWebhook({
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        signature: req.header('x-hub-signature-256'),
        event: req.header('x-github-event'),
        deliveryId: req.header('x-github-delivery'),
      });
      res.status(outcome.status).json(outcome.body);
    },
  );
  return router;
}
