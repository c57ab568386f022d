import { useTranslation } from "react-i18next";
import { businessPath } from "../../app/navigation";
import { TabNav } from "../../ui/tabs";
import { useBusiness } from "../shell/business-context";

/** Payments, the Unreconciled inbox and payouts: one M-Pesa area, three tabs. */
export function MpesaTabs() {
  const { business } = useBusiness();
  const { t } = useTranslation("mpesa");
  return (
    <TabNav
      label={t("tabs.label")}
      tabs={[
        { to: businessPath(business.id, "mpesa/payments"), label: t("tabs.payments") },
        { to: businessPath(business.id, "mpesa/unreconciled"), label: t("tabs.unreconciled") },
        { to: businessPath(business.id, "mpesa/payouts"), label: t("tabs.payouts") },
      ]}
    />
  );
}
