import { API_KEY_MODULES, ZCreateApiKeySchema } from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Input, Select } from "../../ui/input";
import { useBusiness } from "../shell/business-context";
import { NO_SCOPES, type ScopeChoice, type ScopeChoices, scopesFromChoices } from "./api-key-types";

const ACCESS_CHOICES: ScopeChoice[] = ["none", "read", "write"];

const NEW_KEY = {
  name: "",
  scopes: { ...NO_SCOPES, invoices: "read" } as ScopeChoices,
  expiresOn: "",
  rateLimitPerHour: "",
};

/** Names a key, picks what it may reach, and optionally when it stops and how fast it may call. */
export function CreateApiKeyDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (created: { name: string; secret: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation(["apiKeys", "shell"]);
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  const form = useAppForm({
    defaultValues: NEW_KEY,
    schema: ZCreateApiKeySchema,
    toInput: (values) => ({
      name: values.name,
      scopes: scopesFromChoices(values.scopes),
      // The key stops at the start of that day in the business's time zone (Nairobi: 00:00 EAT).
      expiresAt: values.expiresOn ? new Date(`${values.expiresOn}T00:00:00+03:00`) : null,
      rateLimitPerHour: values.rateLimitPerHour.trim() === "" ? null : Number(values.rateLimitPerHour),
    }),
    onSubmit: async (input) => {
      const created = await create.mutateAsync({ businessId: business.id, ...input });
      await queryClient.invalidateQueries({
        queryKey: trpc.apiKeys.list.queryKey({ businessId: business.id }),
      });
      form.reset(NEW_KEY);
      onOpenChange(false);
      onCreated({ name: created.key.name, secret: created.secret });
    },
  });
  const scopes = useWatch({ control: form.control, name: "scopes" });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t("form.title")}
      description={t("form.description")}
      size="lg"
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("cancel")}
          </Button>
          <Button type="submit" form="create-api-key" loading={form.submitting}>
            <KeyRound aria-hidden /> {t("form.submit")}
          </Button>
        </>
      }
    >
      <AppForm form={form} id="create-api-key">
        <Field label={t("form.name")} description={t("form.nameHint")} error={form.error("name")} required>
          <Input autoFocus placeholder={t("form.namePlaceholder")} {...form.register("name")} />
        </Field>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-ink-900">{t("form.reach")}</legend>
          <p className="text-[13px] text-ink-500">{t("form.reachHint")}</p>
          <div className="grid gap-2 sm:grid-cols-2">
            {API_KEY_MODULES.map((module) => (
              <Field key={module} label={t(`shell:module.${module}`)}>
                <Select
                  options={ACCESS_CHOICES.map((value) => ({ value, label: t(`form.access.${value}`) }))}
                  value={scopes[module]}
                  onChange={(event) =>
                    form.setValue(`scopes.${module}`, event.target.value as ScopeChoice, {
                      shouldDirty: true,
                    })
                  }
                />
              </Field>
            ))}
          </div>
          {form.error("scopes") ? (
            <p className="text-[13px] font-medium text-red-700" role="alert">
              {form.error("scopes")}
            </p>
          ) : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label={t("form.expires")}
            description={t("form.expiresHint")}
            error={form.error("expiresAt")}
          >
            <Input type="date" {...form.register("expiresOn")} />
          </Field>
          <Field
            label={t("form.rate")}
            description={t("form.rateHint")}
            error={form.error("rateLimitPerHour")}
          >
            <Input inputMode="numeric" placeholder="1000" {...form.register("rateLimitPerHour")} />
          </Field>
        </div>
      </AppForm>
    </Dialog>
  );
}
