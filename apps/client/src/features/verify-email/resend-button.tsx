import { Send } from "lucide-react";
import { formatWait } from "../../lib/errors";
import { Button } from "../../ui/button";

/** "Send a new email", greyed out with the seconds left while the server's cooldown runs. */
export function ResendButton({
  wait,
  sending,
  onSend,
  label = "Send a new email",
}: {
  wait: number;
  sending: boolean;
  onSend: () => void;
  label?: string;
}) {
  return (
    <Button variant="secondary" size="sm" loading={sending} disabled={wait > 0} onClick={onSend}>
      <Send aria-hidden />
      {wait > 0 ? `Send again in ${formatWait(wait)}` : label}
    </Button>
  );
}
