import { readWebhookReceiverEnv } from "./env";
import { PortInUseError, startWebhookReceiver } from "./receiver";

const config = readWebhookReceiverEnv();
if (!config.ok) {
  console.error(`Webhook receiver settings are invalid:\n  ${config.problems.join("\n  ")}`);
  process.exit(1);
}
const { WEBHOOK_RECEIVER_PORT, WEBHOOK_RECEIVER_HOST } = config.env;

try {
  const receiver = await startWebhookReceiver({
    port: WEBHOOK_RECEIVER_PORT,
    host: WEBHOOK_RECEIVER_HOST,
    onDelivery(delivery) {
      console.log(`↳ ${delivery.path} (${delivery.verification.state}, answered ${delivery.answeredStatus})`);
    },
  });
  console.log(`Webhook receiver ready: POST to ${receiver.url}/<any path>, read at ${receiver.url}`);
  const stop = () => {
    receiver.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  if (!(error instanceof PortInUseError)) throw error;
  console.error(
    `${error.message} Stop the other receiver, or choose another port with WEBHOOK_RECEIVER_PORT.`,
  );
  process.exit(1);
}
