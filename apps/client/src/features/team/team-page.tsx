import { useQuery } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { businessPath } from "../../app/navigation";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { PageHeader } from "../../ui/page-header";
import { AccessDenied } from "../errors/access-denied";
import { useBusiness } from "../shell/business-context";
import { RequireAccess } from "../shell/require-access";
import { SettingsTabs } from "../shell/settings-tabs";
import { InvitationsCard } from "./invitations-card";
import { InviteDialog } from "./invite-dialog";
import { MembersCard } from "./members-card";

function TeamContent() {
  const { t } = useTranslation("team");
  const { business, can } = useBusiness();
  const canManage = can("team.manage");
  const [inviting, setInviting] = useState(false);
  const trpc = useTRPC();
  const members = useQuery(trpc.team.members.queryOptions({ businessId: business.id }));
  const forbidden =
    members.error && toProblem(members.error).kind === "forbidden" ? toProblem(members.error) : null;
  if (forbidden) return <AccessDenied message={forbidden.message} homePath={businessPath(business.id)} />;
  return (
    <>
      <PageHeader
        title={t("page.title")}
        description={t("page.description")}
        actions={
          canManage ? (
            <Button onClick={() => setInviting(true)}>
              <UserPlus aria-hidden /> {t("page.invite")}
            </Button>
          ) : null
        }
      />
      <SettingsTabs />
      <div className="flex flex-col gap-6">
        <MembersCard canManage={canManage} onInvite={() => setInviting(true)} />
        {canManage ? <InvitationsCard /> : null}
      </div>
      {canManage ? <InviteDialog open={inviting} onOpenChange={setInviting} /> : null}
    </>
  );
}

export default function TeamPage() {
  return (
    <RequireAccess requirement="team.read">
      <TeamContent />
    </RequireAccess>
  );
}
