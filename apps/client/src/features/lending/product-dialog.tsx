import type { AppRouter, inferRouterOutputs } from "@kavi/api";
import {
  formatBps,
  INTEREST_METHODS,
  TENOR_UNITS,
  toMajorString,
  ZLoanProductInputSchema,
} from "@kavi/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { useAppForm } from "../../lib/use-app-form";
import { AppForm } from "../../ui/app-form";
import { Button } from "../../ui/button";
import { Dialog } from "../../ui/dialog";
import { Field } from "../../ui/field";
import { Checkbox, Input, Select } from "../../ui/input";
import { toast } from "../../ui/toast";

export type LoanProduct = inferRouterOutputs<AppRouter>["lending"]["products"][number];

const NEW_PRODUCT = {
  name: "",
  description: "",
  minAmount: "5,000",
  maxAmount: "100,000",
  tenorUnit: "month" as (typeof TENOR_UNITS)[number],
  minTenor: "1",
  maxTenor: "6",
  interestMethod: "flat" as (typeof INTEREST_METHODS)[number],
  annualInterestRate: "24",
  feeRate: "2",
  feeFixed: "0",
  penaltyRate: "5",
  penaltyGraceDays: "3",
  minCreditScore: "0",
  active: true,
};
type ProductValues = typeof NEW_PRODUCT;

/** A stored product as the form's text fields (amounts in shillings, rates in %). */
function valuesOf(product: LoanProduct): ProductValues {
  return {
    name: product.name,
    description: product.description ?? "",
    minAmount: toMajorString(product.minAmountMinor, product.currency),
    maxAmount: toMajorString(product.maxAmountMinor, product.currency),
    tenorUnit: product.tenorUnit,
    minTenor: String(product.minTenor),
    maxTenor: String(product.maxTenor),
    interestMethod: product.interestMethod,
    annualInterestRate: formatBps(product.annualInterestRateBps),
    feeRate: formatBps(product.feeRateBps),
    feeFixed: toMajorString(product.feeFixedMinor, product.currency),
    penaltyRate: formatBps(product.penaltyRateBps),
    penaltyGraceDays: String(product.penaltyGraceDays),
    minCreditScore: String(product.minCreditScore),
    active: product.active,
  };
}

/** Creates a product, or edits one (its changes apply to new applications; loans keep the terms they got). */
export function ProductDialog({ product, onClose }: { product: LoanProduct | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation("lending");
  const create = useMutation(trpc.lending.createProduct.mutationOptions());
  const update = useMutation(trpc.lending.updateProduct.mutationOptions());
  const form = useAppForm({
    defaultValues: product ? valuesOf(product) : NEW_PRODUCT,
    schema: ZLoanProductInputSchema,
    toInput: (values) => ({
      ...values,
      minTenor: Number(values.minTenor),
      maxTenor: Number(values.maxTenor),
      penaltyGraceDays: Number(values.penaltyGraceDays),
      minCreditScore: Number(values.minCreditScore),
    }),
    onSubmit: async (input) => {
      if (product) await update.mutateAsync({ productId: product.id, product: input });
      else await create.mutateAsync(input);
      await queryClient.invalidateQueries({ queryKey: trpc.lending.products.pathKey() });
      toast("success", t("products.saved"));
      onClose();
    },
  });

  const text = (key: Exclude<keyof ProductValues, "active">, inputMode: "decimal" | "numeric" | "text") => (
    <Field label={t(`products.field.${key}`)} error={form.error(key)}>
      <Input inputMode={inputMode} {...form.register(key)} />
    </Field>
  );

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={product ? t("products.editTitle", { name: product.name }) : t("products.new")}
      description={product ? t("products.editHelp") : undefined}
      size="lg"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t("apply.cancel")}
          </Button>
          <Button type="submit" form="loan-product-form" loading={form.submitting}>
            {t("products.save")}
          </Button>
        </>
      }
    >
      <AppForm form={form} id="loan-product-form" className="flex flex-col gap-3">
        <div className="grid gap-3 sm:grid-cols-2">
          {text("name", "text")}
          {text("description", "text")}
          {text("minAmount", "decimal")}
          {text("maxAmount", "decimal")}
          <Field label={t("products.field.tenorUnit")} error={form.error("tenorUnit")}>
            <Select
              options={TENOR_UNITS.map((unit) => ({ value: unit, label: t(`unit.${unit}`) }))}
              {...form.register("tenorUnit")}
            />
          </Field>
          <Field label={t("products.field.interestMethod")} error={form.error("interestMethod")}>
            <Select
              options={INTEREST_METHODS.map((method) => ({
                value: method,
                label: t(`methodName.${method}`),
              }))}
              {...form.register("interestMethod")}
            />
          </Field>
          {text("minTenor", "numeric")}
          {text("maxTenor", "numeric")}
          {text("annualInterestRate", "decimal")}
          {text("feeRate", "decimal")}
          {text("feeFixed", "decimal")}
          {text("penaltyRate", "decimal")}
          {text("penaltyGraceDays", "numeric")}
          {text("minCreditScore", "numeric")}
          <div className="sm:col-span-2">
            <Checkbox label={t("products.field.active")} {...form.register("active")} />
          </div>
        </div>
      </AppForm>
    </Dialog>
  );
}
