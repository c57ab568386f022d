export {
  PortInUseError,
  type ReceivedDelivery,
  startWebhookReceiver,
  type Verification,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from "./receiver";
