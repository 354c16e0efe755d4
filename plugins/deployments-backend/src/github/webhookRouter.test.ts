import { mockServices } from '@backstage/backend-test-utils';
import { AuthenticationError } from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import { errorResponses } from '../__testUtils__/errorResponses';
import { ProtectionRuleGate, WebhookOutcome } from './ProtectionRuleGate';
import { createGitHubWebhookRouter } from './webhookRouter';

function setup(handleWebhook: ProtectionRuleGate['handleWebhook']) {
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const gate = { handleWebhook: jest.fn(handleWebhook) };
  const app = express();
  app.use(
    createGitHubWebhookRouter({
      gate: gate as unknown as ProtectionRuleGate,
      auditor,
    }),
  );
  app.use(errorResponses());
  const deliver = () =>
    request(app)
      .post('/github/webhook')
      .set('content-type', 'application/json')
      .set('x-github-event', 'deployment_protection_rule')
      .set('x-github-delivery', 'delivery-7')
      .set('x-hub-signature-256', 'sha256=abc')
      .send('{"action":"requested"}');
  return { auditor, event, gate, deliver };
}

describe('the GitHub webhook route', () => {
  it('audits a delivery that creates a request, passing the raw body to the gate', async () => {
    const outcome: WebhookOutcome = {
      status: 202,
      body: { result: 'requested', requestId: 'r-1' },
    };
    const { auditor, event, gate, deliver } = setup(async () => outcome);
    const response = await deliver();
    expect(response.status).toBe(202);
    expect(response.body).toEqual(outcome.body);
    expect(gate.handleWebhook).toHaveBeenCalledWith({
      rawBody: Buffer.from('{"action":"requested"}'),
      signature: 'sha256=abc',
      event: 'deployment_protection_rule',
      deliveryId: 'delivery-7',
    });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'deployment-github-webhook',
        meta: { event: 'deployment_protection_rule', deliveryId: 'delivery-7' },
      }),
    );
    expect(event.success).toHaveBeenCalledWith({
      meta: { status: 202, result: 'requested', requestId: 'r-1' },
    });
    expect(event.fail).not.toHaveBeenCalled();
  });

  it('audits a refused signature as a failure', async () => {
    const { event, deliver } = setup(async () => {
      throw new AuthenticationError('missing or invalid X-Hub-Signature-256');
    });
    const response = await deliver();
    expect(response.status).toBe(401);
    expect(event.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'AuthenticationError' }),
    });
    expect(event.success).not.toHaveBeenCalled();
  });

  it('audits an event it cannot gate as a failure with its reason', async () => {
    const { event, deliver } = setup(async () => ({
      status: 422,
      body: {
        error: {
          name: 'UngateableEventError',
          message: 'repository acme/other is not mapped to a service',
        },
      },
    }));
    const response = await deliver();
    expect(response.status).toBe(422);
    expect(event.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({
        name: 'UngateableEventError',
        message: 'repository acme/other is not mapped to a service',
      }),
      meta: { status: 422 },
    });
    expect(event.success).not.toHaveBeenCalled();
  });
});
