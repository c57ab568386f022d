import { Send } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Button } from "../../ui/button";

/** "Send a new email", greyed out with the seconds left while the server's cooldown runs. */
export function ResendButton({
  wait,
  sending,
  onSend,
  label,
}: {
  wait: number;
  sending: boolean;
  onSend: () => void;
  label?: string;
}) {
  const { t } = useTranslation("shell");
  return (
    <Button variant="secondary" size="sm" loading={sending} disabled={wait > 0} onClick={onSend}>
      <Send aria-hidden />
      {wait > 0
        ? t("verifyEmail.resendIn", { seconds: Math.ceil(wait) })
        : (label ?? t("verifyEmail.resend"))}
    </Button>
  );
}
