import { readMailCatcherEnv } from "./env";
import { PortInUseError, startMailCatcher } from "./mail-catcher";

const config = readMailCatcherEnv();
if (!config.ok) {
  console.error(`Mail catcher settings are invalid:\n  ${config.problems.join("\n  ")}`);
  process.exit(1);
}
const { MAILCATCHER_SMTP_PORT, MAILCATCHER_HTTP_PORT, MAILCATCHER_HOST } = config.env;

try {
  const catcher = await startMailCatcher({
    smtpPort: MAILCATCHER_SMTP_PORT,
    httpPort: MAILCATCHER_HTTP_PORT,
    host: MAILCATCHER_HOST,
    onMessage(message) {
      const summary = `${message.from} → ${message.to.join(", ")}: ${message.subject || "(no subject)"}`;
      console.log(`✉ ${printable(summary)}`);
    },
  });
  const smtpHost = MAILCATCHER_HOST.includes(":") ? `[${MAILCATCHER_HOST}]` : MAILCATCHER_HOST;
  console.log(`Mail catcher ready: send to smtp://${smtpHost}:${catcher.smtpPort}, read at ${catcher.url}`);

  const stop = () => {
    catcher.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  if (!(error instanceof PortInUseError)) throw error;
  const variable = error.service === "SMTP" ? "MAILCATCHER_SMTP_PORT" : "MAILCATCHER_HTTP_PORT";
  console.error(
    `${error.message} Another mail catcher may already be running; stop it, or choose another port with ${variable}.`,
  );
  process.exit(1);
}

// Message fields are untrusted: keep control characters (terminal escape sequences, newlines) off the terminal.
function printable(text: string): string {
  return Array.from(text, (character) => {
    const code = character.charCodeAt(0);
    return code < 32 || code === 127 ? "\uFFFD" : character;
  }).join("");
}
