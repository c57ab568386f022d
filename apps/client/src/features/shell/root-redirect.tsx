import { useTranslation } from "react-i18next";
import { Navigate } from "react-router";
import { businessPath } from "../../app/navigation";
import { ProblemAlert } from "../../ui/problem";
import { FullPageSpinner } from "../../ui/spinner";
import { useMe } from "./use-me";

/** "/" opens the business used last, else the first one, else onboarding. */
export default function RootRedirect() {
  const me = useMe();
  const { t } = useTranslation("shell");
  if (me.isPending) return <FullPageSpinner label={t("openingBusiness")} />;
  if (me.isError) {
    return (
      <div className="mx-auto max-w-lg px-4 py-16">
        <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  const { user, businesses } = me.data;
  const target = businesses.find((business) => business.id === user.lastBusinessId) ?? businesses[0];
  if (target) return <Navigate to={businessPath(target.id)} replace />;
  if (me.data.pendingInvitations.length > 0) return <Navigate to="/invitations" replace />;
  return <Navigate to="/onboarding" replace />;
}
