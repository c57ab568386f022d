import { useQuery } from "@tanstack/react-query";
import { ArrowRight, Building2, Circle, CircleCheck, Inbox, Users } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { businessPath } from "../../app/navigation";
import { cn } from "../../lib/cn";
import { partOfDay } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Badge } from "../../ui/badge";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { PageHeader } from "../../ui/page-header";
import { Notice } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { hasReviewedSecurity } from "../account/security-review";
import { businessName, useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";
import { useMe } from "../shell/use-me";
import { NeedsAttention } from "./needs-attention";

interface ChecklistItem {
  id: string;
  label: string;
  description: string;
  done: boolean;
  to: string;
}

function Checklist({ items }: { items: ChecklistItem[] }) {
  const { t } = useTranslation("home");
  const done = items.filter((item) => item.done).length;
  return (
    <Card>
      <CardHeader
        title={t("checklist.title")}
        description={t("checklist.progress", { done, total: items.length })}
        actions={
          <div className="h-1.5 w-28 overflow-hidden rounded-full bg-ink-100" aria-hidden>
            <div
              className="h-full rounded-full bg-brand-600"
              style={{ width: `${(done / items.length) * 100}%` }}
            />
          </div>
        }
      />
      <ul className="divide-y divide-ink-100">
        {items.map((item) => (
          <li key={item.id}>
            <Link to={item.to} className="group flex items-center gap-3 px-5 py-3.5 hover:bg-ink-50">
              {item.done ? (
                <CircleCheck className="size-5 shrink-0 text-brand-600" aria-label={t("checklist.done")} />
              ) : (
                <Circle className="size-5 shrink-0 text-ink-300" aria-label={t("checklist.toDo")} />
              )}
              <span className="min-w-0 flex-1">
                <span
                  className={cn(
                    "block text-sm font-medium",
                    item.done ? "text-ink-500 line-through" : "text-ink-900",
                  )}
                >
                  {item.label}
                </span>
                <span className="block text-[13px] text-ink-500">{item.description}</span>
              </span>
              <ArrowRight
                className="size-4 shrink-0 text-ink-400 transition-transform group-hover:translate-x-0.5"
                aria-hidden
              />
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Detail({ label, value }: { label: string; value: string | null | undefined }) {
  const { t } = useTranslation("home");
  return (
    <div>
      <dt className="text-xs text-ink-500">{label}</dt>
      <dd className={cn("mt-0.5 text-sm", value ? "text-ink-900" : "text-ink-400")}>
        {value || t("business.notAdded")}
      </dd>
    </div>
  );
}

/** The business home: what needs attention today, then what KAVI knows so far and what to do next. */
export default function BusinessHomePage() {
  const trpc = useTRPC();
  const me = useMe();
  const { business, membership, can } = useBusiness();
  const { t } = useTranslation(["home", "shell"]);
  const format = useBusinessFormat();
  const role = t(`shell:role.${membership.role}`);
  const canSeeTeam = can("team.read");
  const canManage = can("business.manage");
  const members = useQuery({
    ...trpc.team.members.queryOptions({ businessId: business.id }),
    enabled: canSeeTeam,
  });
  const invitations = useQuery({
    ...trpc.team.invitations.queryOptions({ businessId: business.id }),
    enabled: canSeeTeam && canManage,
  });
  const firstName = me.data?.user.fullName.split(" ")[0] ?? "";
  const profile = me.data?.user;

  const checklist: ChecklistItem[] = [
    {
      id: "business",
      label:
        membership.role === "owner"
          ? t("checklist.createBusiness")
          : t("checklist.joinBusiness", { business: businessName(business) }),
      description:
        membership.role === "owner"
          ? t("checklist.createBusinessDone", { currency: business.baseCurrency })
          : t("checklist.joinBusinessDone", { role: role.toLowerCase() }),
      done: true,
      to: businessPath(business.id, "settings/business"),
    },
    ...(canManage
      ? [
          {
            id: "details",
            label: t("checklist.details"),
            description: t("checklist.detailsHint"),
            done: Boolean(business.taxId && business.phone),
            to: businessPath(business.id, "settings/business"),
          },
          {
            id: "team",
            label: t("checklist.team"),
            description: t("checklist.teamHint"),
            done: (members.data?.length ?? 0) + (invitations.data?.length ?? 0) > 1,
            to: businessPath(business.id, "settings/team"),
          },
        ]
      : []),
    {
      id: "profile",
      label: t("checklist.profile"),
      description: t("checklist.profileHint"),
      done: Boolean(profile?.phone),
      to: "/account/profile",
    },
    {
      id: "security",
      label: t("checklist.security"),
      description: t("checklist.securityHint"),
      done: hasReviewedSecurity(profile?.id),
      to: "/account/security",
    },
  ];

  return (
    <>
      <PageHeader
        eyebrow={businessName(business)}
        title={
          firstName
            ? t(`greeting.${partOfDay(business.timezone)}Named`, { name: firstName })
            : t(`greeting.${partOfDay(business.timezone)}`)
        }
        description={t("intro")}
      />
      {me.data && me.data.pendingInvitations.length > 0 ? (
        <Notice className="mb-6" icon={<Inbox className="mt-0.5 size-4 shrink-0" aria-hidden />}>
          {me.data.pendingInvitations.length === 1
            ? t("invitedOne", { business: me.data.pendingInvitations[0]?.businessName })
            : t("invitedMany", { count: me.data.pendingInvitations.length })}{" "}
          <Link to="/invitations" className="font-medium underline">
            {t("reviewInvitations")}
          </Link>
        </Notice>
      ) : null}
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1.6fr)_minmax(0,1fr)]">
        <div className="flex flex-col gap-6">
          <NeedsAttention />
          <Checklist items={checklist} />
        </div>
        <div className="flex flex-col gap-6">
          <Card>
            <CardHeader
              title={t("business.title")}
              actions={
                <Link
                  to={businessPath(business.id, "settings/business")}
                  className="text-[13px] font-medium text-brand-700 hover:underline"
                >
                  {canManage ? t("business.edit") : t("business.view")}
                </Link>
              }
            />
            <CardBody>
              <div className="mb-4 flex items-center gap-3">
                <span className="grid size-10 place-items-center rounded-md bg-brand-50 text-brand-700 ring-1 ring-brand-100">
                  <Building2 className="size-5" aria-hidden />
                </span>
                <div className="min-w-0">
                  <p className="truncate text-sm font-semibold text-ink-900">{business.legalName}</p>
                  <p className="text-[13px] text-ink-500">
                    {business.industry ?? t("business.industryNotSet")}
                  </p>
                </div>
              </div>
              <dl className="grid grid-cols-2 gap-x-4 gap-y-3">
                <Detail label={t("business.kraPin")} value={business.taxId} />
                <Detail label={t("business.currency")} value={business.baseCurrency} />
                <Detail label={t("business.timeZone")} value={business.timezone.replace("_", " ")} />
                <Detail label={t("business.since")} value={format.date(business.createdAt)} />
              </dl>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={t("you.title")} />
            <CardBody className="flex flex-col gap-3">
              <div className="flex items-center justify-between gap-3">
                <span className="text-sm text-ink-600">{t("you.role")}</span>
                <Badge tone="brand">{role}</Badge>
              </div>
              {membership.role === "staff" ? (
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="text-sm text-ink-600">{t("you.modules")}</span>
                  <span className="flex flex-wrap gap-1">
                    {membership.modules.length === 0 ? (
                      <span className="text-sm text-ink-400">{t("you.noModules")}</span>
                    ) : (
                      membership.modules.map((module) => (
                        <Badge key={module}>{t(`shell:module.${module}`)}</Badge>
                      ))
                    )}
                  </span>
                </div>
              ) : null}
              {canSeeTeam ? (
                <Link
                  to={businessPath(business.id, "settings/team")}
                  className="flex items-center justify-between gap-3 rounded-md text-sm hover:text-brand-700"
                >
                  <span className="inline-flex items-center gap-2 text-ink-600">
                    <Users className="size-4" aria-hidden /> {t("you.team")}
                  </span>
                  {members.isPending ? (
                    <Skeleton className="h-4 w-16" />
                  ) : (
                    <span className="font-medium text-ink-900 tabular">
                      {t("you.members", { count: members.data?.length ?? 0 })}
                    </span>
                  )}
                </Link>
              ) : null}
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}
