import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ImageUp, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useProblemMessage, useTranslateMessage } from "../../i18n/use-locale";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { acceptFor, describeFile, putToStorage } from "../../lib/upload";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";

/** The business's logo: uploaded straight to storage, checked by its bytes, shown on invoices. */
export function LogoCard() {
  const { t } = useTranslation("business");
  const translateMessage = useTranslateMessage();
  const problemMessage = useProblemMessage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business, can } = useBusiness();
  const canManage = can("business.manage");
  const details = useQuery(trpc.business.get.queryOptions({ businessId: business.id }));
  const requestUpload = useMutation(trpc.business.logo.requestUpload.mutationOptions());
  const setLogo = useMutation(trpc.business.logo.set.mutationOptions());
  const removeLogo = useMutation(trpc.business.logo.remove.mutationOptions());
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const logoUrl = details.data?.logoUrl ?? null;
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.business.get.queryKey({ businessId: business.id }) });

  const upload = async (file: File | undefined) => {
    if (!file) return;
    const described = describeFile("business_logo", file);
    if (!described.ok) {
      toast("error", translateMessage(described.problem));
      return;
    }
    setBusy(true);
    try {
      const { fileId, upload: signed } = await requestUpload.mutateAsync({
        businessId: business.id,
        ...described,
      });
      await putToStorage(signed, file);
      await setLogo.mutateAsync({ businessId: business.id, fileId });
      await refresh();
      toast("success", t("logo.saved"));
    } catch (error) {
      toast("error", t("logo.notSaved"), { description: problemMessage(toProblem(error)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <CardHeader title={t("logo.title")} description={t("logo.hint")} />
      <CardBody className="flex flex-wrap items-center gap-4 px-5 py-6 sm:px-7">
        <div className="flex size-24 items-center justify-center overflow-hidden rounded-lg border border-ink-100 bg-ink-50">
          {logoUrl ? (
            <img src={logoUrl} alt={t("logo.alt")} className="size-full object-contain" />
          ) : (
            <span className="text-xs text-ink-500">{t("logo.none")}</span>
          )}
        </div>
        {canManage ? (
          <div className="flex flex-wrap gap-2">
            <input
              id={inputId}
              type="file"
              className="sr-only"
              accept={acceptFor("business_logo")}
              aria-label={t("logo.choose")}
              onChange={(event) => {
                void upload(event.target.files?.[0]);
                event.target.value = "";
              }}
            />
            <Button
              variant="secondary"
              loading={busy}
              onClick={() => document.getElementById(inputId)?.click()}
            >
              <ImageUp aria-hidden /> {logoUrl ? t("logo.replace") : t("logo.upload")}
            </Button>
            {logoUrl ? (
              <Button
                variant="ghost"
                loading={removeLogo.isPending}
                onClick={async () => {
                  try {
                    await removeLogo.mutateAsync({ businessId: business.id });
                    await refresh();
                  } catch (error) {
                    toast("error", t("logo.notRemoved"), {
                      description: problemMessage(toProblem(error)),
                    });
                  }
                }}
              >
                <Trash2 aria-hidden /> {t("logo.remove")}
              </Button>
            ) : null}
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}
