import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Notice } from "../../ui/problem";

/** The one time a key's secret is shown: copy it now, it is stored only as a hash. */
export function ApiKeySecretDialog({
  shown,
  onClose,
}: {
  shown: { name: string; secret: string } | null;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const { t } = useTranslation("apiKeys");
  const copy = async () => {
    if (!shown) return;
    await navigator.clipboard.writeText(shown.secret);
    setCopied(true);
  };
  return (
    <Dialog
      open={shown !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
      title={shown ? t("secret.titleFor", { name: shown.name }) : t("secret.title")}
      description={t("secret.description")}
      footer={
        <Button
          onClick={() => {
            setCopied(false);
            onClose();
          }}
        >
          {t("secret.done")}
        </Button>
      }
    >
      <div className="flex flex-col gap-4">
        <div className="flex items-center gap-2 rounded-lg bg-ink-50 p-3 ring-1 ring-ink-100">
          <code
            className="min-w-0 flex-1 break-all font-mono text-[13px] text-ink-900"
            data-testid="api-key-secret"
          >
            {shown?.secret}
          </code>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => void copy()}
            aria-label={t("secret.copyLabel")}
          >
            {copied ? <Check aria-hidden /> : <Copy aria-hidden />}{" "}
            {copied ? t("secret.copied") : t("secret.copy")}
          </Button>
        </div>
        <Notice tone="info">
          <Trans t={t} i18nKey="secret.usage" components={{ code: <code className="font-mono" /> }} />
        </Notice>
      </div>
    </Dialog>
  );
}
