import { businessPath } from "../../app/navigation";
import { TabNav } from "../../ui/tabs";
import { useBusiness } from "../shell/business-context";

/** Payments, the Unreconciled inbox and payouts: one M-Pesa area, three tabs. */
export function MpesaTabs() {
  const { business } = useBusiness();
  return (
    <TabNav
      label="M-Pesa"
      tabs={[
        { to: businessPath(business.id, "mpesa/payments"), label: "Payments" },
        { to: businessPath(business.id, "mpesa/unreconciled"), label: "Unreconciled" },
        { to: businessPath(business.id, "mpesa/payouts"), label: "Payouts" },
      ]}
    />
  );
}
