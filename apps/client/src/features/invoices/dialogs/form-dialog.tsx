import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../../lib/trpc";
import { Button } from "../../../ui/button";
import { Dialog } from "../../../ui/dialog";
import type { InvoiceDetail } from "../invoice-ui";

export interface DialogBaseProps {
  invoice: InvoiceDetail;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Refetches what a dialog's change touches: the invoice and its customer. */
export function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() }),
    ]);
}

/** A dialog whose footer submits the form inside it (by id). */
export function FormDialog({
  id,
  open,
  onOpenChange,
  title,
  description,
  submitLabel,
  danger = false,
  submitting,
  children,
}: {
  id: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  submitLabel: string;
  danger?: boolean;
  submitting: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation("invoices");
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {t("dialog.cancel")}
          </Button>
          <Button type="submit" form={id} variant={danger ? "danger" : "primary"} loading={submitting}>
            {submitLabel}
          </Button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}

/** Today's calendar date in the business's time zone. */
export const todayIn = (timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());
