import { useQuery } from "@tanstack/react-query";
import { MailWarning } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useTRPC } from "../../lib/trpc";
import { Notice } from "../../ui/problem";
import { useBusiness } from "../shell/business-context";
import { useMe } from "../shell/use-me";

type AllowanceKind = "invoice" | "invitation";

/**
 * Above a form that emails someone outside the business: asks an unverified account to confirm its
 * address first, and says how many of today's emails of this kind are left (the server enforces both).
 */
export function EmailAllowanceNote({ kind }: { kind: AllowanceKind }) {
  const { t } = useTranslation("auth");
  const trpc = useTRPC();
  const me = useMe();
  const { business } = useBusiness();
  const allowance = useQuery(trpc.business.emailAllowance.queryOptions({ businessId: business.id }));
  if (me.data && !me.data.user.emailVerified) {
    return (
      <Notice tone="warning" icon={<MailWarning className="mt-0.5 size-4 shrink-0" aria-hidden />}>
        <p className="font-medium">{t("allowance.confirmFirst")}</p>
        <p className="mt-0.5">
          {t("allowance.confirmBody", { email: me.data.user.email })}{" "}
          <Link to="/verify-email" className="font-medium underline">
            {t("allowance.confirmNow")}
          </Link>
        </p>
      </Notice>
    );
  }
  const today = allowance.data?.kinds[kind];
  if (!today) return null;
  if (today.remaining === 0) {
    return (
      <Notice tone="warning" icon={<MailWarning className="mt-0.5 size-4 shrink-0" aria-hidden />}>
        {kind === "invoice"
          ? t("allowance.invoiceSpent", { count: today.limit })
          : t("allowance.invitationSpent", { count: today.limit })}
      </Notice>
    );
  }
  return (
    <p className="text-[13px] text-ink-500 tabular">
      {kind === "invoice"
        ? t("allowance.invoiceLeft", { count: today.limit, remaining: today.remaining })
        : t("allowance.invitationLeft", { count: today.limit, remaining: today.remaining })}
    </p>
  );
}
