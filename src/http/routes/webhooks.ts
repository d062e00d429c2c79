import express, { Router } from 'express';
import { isValidSignature, parseWebhookPayload, type WebhookTrigger } from '../../webhooks';
import { AppError } from '../errors';

export interface WebhookRouteDeps {
  /** Undefined disables the route (QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN unset). */
  readonly verifierToken: string | undefined;
  readonly trigger: WebhookTrigger;
}

/**
 * `POST /api/webhooks/quickbooks`: the raw body is kept (this route only) because the signature covers the exact
 * bytes; the answer is immediate (Intuit wants 200 within 3 s) and the sync runs afterwards, debounced.
 */
export function createWebhookRouter(deps: WebhookRouteDeps): Router {
  const router = Router();
  router.post('/api/webhooks/quickbooks', express.raw({ type: () => true, limit: '5mb' }), (req, res) => {
    if (!deps.verifierToken) throw new AppError('not_found', 'Webhooks are not enabled (set QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN)');
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!isValidSignature(raw, req.get('intuit-signature'), deps.verifierToken)) {
      throw new AppError('invalid_signature', 'The intuit-signature header does not match the body');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('bad_request', 'The webhook body is not JSON');
    }
    const events = parseWebhookPayload(body);
    if (!events) throw new AppError('bad_request', 'The webhook body is neither an eventNotifications payload nor a CloudEvents array');
    const accepted = deps.trigger.accept(events);
    res.json({ received: events.length, accepted });
  });
  return router;
}
