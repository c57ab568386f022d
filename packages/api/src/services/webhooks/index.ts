export {
  createWebhookConfig,
  DEFAULT_WEBHOOK_RETRY_DELAYS_MS,
  type WebhookConfig,
  type WebhookEnv,
  webhookEnvShape,
  webhookProductionProblems,
} from "./config";
export {
  deliverWebhook,
  signedHeaders,
  sweepWebhookDeliveries,
  type WebhookDeliveryOutcome,
} from "./delivery";
export {
  checkWebhookUrl,
  type EgressPolicy,
  EgressRefusedError,
  isBlockedAddress,
  postSafely,
  type Resolver,
} from "./egress";
export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookDelivery,
  listWebhookDeliveries,
  listWebhookEndpoints,
  reencryptWebhookSecrets,
  resendWebhookDelivery,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from "./endpoints";
export { recordWebhookEvent, webhookBody } from "./events";
