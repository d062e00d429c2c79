export { parseWebhookPayload, type WebhookEvent } from './parse-payload';
export { isValidSignature } from './verify-signature';
export { createWebhookTrigger, type WebhookTrigger, type WebhookTriggerDeps } from './webhook-trigger';
