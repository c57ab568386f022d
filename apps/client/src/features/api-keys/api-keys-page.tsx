import { BookOpen, KeyRound } from "lucide-react";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Button } from "../../ui/button";
import { PageHeader } from "../../ui/page-header";
import { Notice } from "../../ui/problem";
import { RequireAccess } from "../shell/require-access";
import { SettingsTabs } from "../shell/settings-tabs";
import { ApiKeySecretDialog } from "./api-key-secret-dialog";
import { ApiKeysCard } from "./api-keys-card";
import { CreateApiKeyDialog } from "./create-api-key-dialog";

function ApiKeysContent() {
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ name: string; secret: string } | null>(null);
  const { t } = useTranslation("apiKeys");
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button onClick={() => setCreating(true)}>
            <KeyRound aria-hidden /> {t("create")}
          </Button>
        }
      />
      <SettingsTabs />
      <div className="flex flex-col gap-6">
        <Notice tone="info" icon={<BookOpen className="mt-0.5 size-4 shrink-0" aria-hidden />}>
          <Trans
            t={t}
            i18nKey="reference"
            components={{
              link: (
                // biome-ignore lint/a11y/useAnchorContent: Trans puts "/api/docs" inside
                <a className="font-medium underline" href="/api/docs" target="_blank" rel="noreferrer" />
              ),
            }}
          />
        </Notice>
        <ApiKeysCard onCreate={() => setCreating(true)} onSecret={setShown} />
      </div>
      <CreateApiKeyDialog open={creating} onOpenChange={setCreating} onCreated={setShown} />
      <ApiKeySecretDialog shown={shown} onClose={() => setShown(null)} />
    </>
  );
}

export default function ApiKeysPage() {
  return (
    <RequireAccess requirement="apiKeys.manage">
      <ApiKeysContent />
    </RequireAccess>
  );
}
