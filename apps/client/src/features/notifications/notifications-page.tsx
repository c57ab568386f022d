import { useInfiniteQuery } from "@tanstack/react-query";
import { BellOff, CheckCheck } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { resolveNotificationLink } from "../../app/navigation";
import { useLocale } from "../../i18n/use-locale";
import { cn } from "../../lib/cn";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { Card } from "../../ui/card";
import { EmptyState } from "../../ui/empty-state";
import { LoadMore } from "../../ui/load-more";
import { PageHeader } from "../../ui/page-header";
import { ProblemAlert } from "../../ui/problem";
import { SkeletonList } from "../../ui/skeleton";
import { useMe } from "../shell/use-me";
import { useMarkNotificationsRead } from "./notification-bell";

export default function NotificationsPage() {
  const { t } = useTranslation("account");
  const { locale } = useLocale();
  const trpc = useTRPC();
  const me = useMe();
  const timeZone = me.data?.user.timezone;
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions(
      { limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const { markRead, markAllRead } = useMarkNotificationsRead();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader
        title={t("notifications.title")}
        description={t("notifications.description")}
        actions={
          items.some((item) => !item.readAt) ? (
            <Button variant="secondary" onClick={() => markAllRead.mutate()} loading={markAllRead.isPending}>
              <CheckCheck aria-hidden /> {t("notifications.markAll")}
            </Button>
          ) : null
        }
      />
      <Card>
        {list.isPending ? (
          <div className="p-5">
            <SkeletonList label={t("notifications.loading")} />
          </div>
        ) : list.isError ? (
          <div className="p-5">
            <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            icon={BellOff}
            title={t("notifications.emptyTitle")}
            description={t("notifications.emptyBody")}
          />
        ) : (
          <ul className="divide-y divide-ink-100">
            {items.map((item) => {
              const target = resolveNotificationLink(item.link, item.businessId);
              return (
                <li key={item.id} className="flex items-start gap-3 px-5 py-4">
                  <span
                    aria-hidden
                    className={cn(
                      "mt-1.5 size-2 shrink-0 rounded-full",
                      item.readAt ? "bg-ink-200" : "bg-brand-600",
                    )}
                  />
                  <div className="min-w-0 flex-1">
                    <p className={cn("text-sm", item.readAt ? "text-ink-700" : "font-medium text-ink-900")}>
                      {target ? (
                        <Link
                          to={target}
                          className="hover:underline"
                          onClick={() => !item.readAt && markRead.mutate({ ids: [item.id] })}
                        >
                          {item.title}
                        </Link>
                      ) : (
                        item.title
                      )}
                    </p>
                    {item.body ? <p className="mt-0.5 text-sm text-ink-500">{item.body}</p> : null}
                    <p className="mt-1 text-xs text-ink-500">
                      {formatDateTime(item.createdAt, timeZone, locale)}
                    </p>
                  </div>
                  {item.readAt ? null : (
                    <Button variant="ghost" size="sm" onClick={() => markRead.mutate({ ids: [item.id] })}>
                      {t("notifications.markRead")}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Card>
      <LoadMore query={list} />
    </>
  );
}
