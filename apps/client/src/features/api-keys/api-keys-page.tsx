import { BookOpen, KeyRound } from "lucide-react";
import { useState } from "react";
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
  return (
    <>
      <PageHeader
        title="API"
        description="Let other systems read and write this business's books through the KAVI REST API."
        actions={
          <Button onClick={() => setCreating(true)}>
            <KeyRound aria-hidden /> Create API key
          </Button>
        }
      />
      <SettingsTabs />
      <div className="flex flex-col gap-6">
        <Notice tone="info" icon={<BookOpen className="mt-0.5 size-4 shrink-0" aria-hidden />}>
          The API reference, with every operation and its fields, is at{" "}
          <a className="font-medium underline" href="/api/docs" target="_blank" rel="noreferrer">
            /api/docs
          </a>
          .
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
