import { useQuery } from "@tanstack/react-query";
import { MoreHorizontal, ShieldCheck, Trash2, UserPlus, Users } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocale } from "../../i18n/use-locale";
import { formatDate, formatRelative } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Avatar } from "../../ui/avatar";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardHeader } from "../../ui/card";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../../ui/dropdown-menu";
import { EmptyState } from "../../ui/empty-state";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { Table, TD, TH, THead, TR } from "../../ui/table";
import { useBusiness } from "../shell/business-context";
import { useMe } from "../shell/use-me";
import { EditMemberDialog } from "./edit-member-dialog";
import { RemoveMemberDialog } from "./remove-member-dialog";
import { type Member, roleTone } from "./team-types";

/** Everyone with access, with their role and modules, and the actions the viewer may take on each. */
export function MembersCard({ canManage, onInvite }: { canManage: boolean; onInvite: () => void }) {
  const { t } = useTranslation("team");
  const trpc = useTRPC();
  const { business, membership } = useBusiness();
  const me = useMe();
  const members = useQuery(trpc.team.members.queryOptions({ businessId: business.id }));
  const [editing, setEditing] = useState<Member | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const myId = me.data?.user.id;
  const manageable = (member: Member) =>
    canManage && member.userId !== myId && (membership.role === "owner" || member.role !== "owner");

  return (
    <Card>
      <CardHeader
        title={t("members.title")}
        description={members.data ? t("members.count", { count: members.data.length }) : undefined}
      />
      {members.isPending ? (
        <div className="p-5">
          <SkeletonList label={t("members.loading")} />
        </div>
      ) : members.isError ? (
        <div className="p-5">
          <ProblemAlert error={members.error} onRetry={() => void members.refetch()} />
        </div>
      ) : members.data.length <= 1 && canManage ? (
        <>
          <MemberTable
            members={members.data}
            myId={myId}
            manageable={manageable}
            onEdit={setEditing}
            onRemove={setRemoving}
            timeZone={business.timezone}
          />
          <EmptyState
            icon={Users}
            title={t("members.aloneTitle")}
            description={t("members.aloneBody")}
            action={
              <Button onClick={onInvite}>
                <UserPlus aria-hidden /> {t("members.inviteSomeone")}
              </Button>
            }
          />
        </>
      ) : (
        <MemberTable
          members={members.data}
          myId={myId}
          manageable={manageable}
          onEdit={setEditing}
          onRemove={setRemoving}
          timeZone={business.timezone}
        />
      )}
      {editing ? <EditMemberDialog member={editing} onClose={() => setEditing(null)} /> : null}
      {removing ? <RemoveMemberDialog member={removing} onClose={() => setRemoving(null)} /> : null}
    </Card>
  );
}

function MemberTable({
  members,
  myId,
  manageable,
  onEdit,
  onRemove,
  timeZone,
}: {
  members: Member[];
  myId: string | undefined;
  manageable: (member: Member) => boolean;
  onEdit: (member: Member) => void;
  onRemove: (member: Member) => void;
  timeZone: string;
}) {
  const { t } = useTranslation(["team", "shell"]);
  const { locale } = useLocale();
  return (
    <Table aria-label={t("members.table")}>
      <THead>
        <tr>
          <TH>{t("members.member")}</TH>
          <TH>{t("members.role")}</TH>
          <TH className="hidden md:table-cell">{t("members.modules")}</TH>
          <TH className="hidden lg:table-cell">{t("members.lastActive")}</TH>
          <TH className="w-12 px-3">
            <span className="sr-only">{t("members.actions")}</span>
          </TH>
        </tr>
      </THead>
      <tbody>
        {members.map((member) => (
          <TR key={member.membershipId}>
            {/* w-full + max-w-0: this column takes the room left and truncates, so actions stay on screen on phones. */}
            <TD className="w-full max-w-0">
              <div className="flex items-center gap-3">
                <Avatar name={member.fullName} />
                <div className="min-w-0">
                  <p className="truncate font-medium text-ink-900">
                    {member.fullName}
                    {member.userId === myId ? (
                      <span className="ml-1.5 text-xs font-normal text-ink-500">{t("members.you")}</span>
                    ) : null}
                  </p>
                  <p className="truncate text-[13px] text-ink-500">{member.email}</p>
                  {member.role === "staff" && member.modules.length > 0 ? (
                    <p className="truncate text-xs text-ink-500 md:hidden">
                      {member.modules.map((module) => t(`shell:module.${module}`)).join(", ")}
                    </p>
                  ) : null}
                </div>
              </div>
            </TD>
            <TD>
              <Badge tone={roleTone[member.role]}>{t(`shell:role.${member.role}`)}</Badge>
            </TD>
            <TD className="hidden md:table-cell">
              {member.role === "staff" ? (
                member.modules.length > 0 ? (
                  <span className="flex flex-wrap gap-1">
                    {member.modules.map((module) => (
                      <Badge key={module}>{t(`shell:module.${module}`)}</Badge>
                    ))}
                  </span>
                ) : (
                  <span className="text-[13px] text-ink-400">{t("members.noModules")}</span>
                )
              ) : (
                <span className="text-[13px] text-ink-500">{t("members.all")}</span>
              )}
            </TD>
            <TD className="hidden text-[13px] text-ink-500 lg:table-cell">
              {member.lastSignInAt
                ? formatRelative(member.lastSignInAt, timeZone, undefined, locale)
                : t("members.joined", { date: formatDate(member.joinedAt, timeZone, locale) })}
            </TD>
            <TD>
              {manageable(member) ? (
                <DropdownMenu>
                  <DropdownMenuTrigger
                    className="grid size-8 place-items-center rounded-md text-ink-500 hover:bg-ink-100 hover:text-ink-900"
                    aria-label={t("members.actionsFor", { name: member.fullName })}
                  >
                    <MoreHorizontal className="size-4" aria-hidden />
                  </DropdownMenuTrigger>
                  <DropdownMenuContent>
                    <DropdownMenuItem onSelect={() => onEdit(member)}>
                      <ShieldCheck aria-hidden /> {t("members.change")}
                    </DropdownMenuItem>
                    <DropdownMenuSeparator />
                    <DropdownMenuItem tone="danger" onSelect={() => onRemove(member)}>
                      <Trash2 aria-hidden /> {t("members.remove")}
                    </DropdownMenuItem>
                  </DropdownMenuContent>
                </DropdownMenu>
              ) : null}
            </TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}
