import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, CheckCheck } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { resolveNotificationLink } from "../../app/navigation";
import { useLocale } from "../../i18n/use-locale";
import { cn } from "../../lib/cn";
import { formatRelative } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "../../ui/dropdown-menu";
import { Skeleton } from "../../ui/skeleton";

export function useMarkNotificationsRead() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: invalidate }));
  const markAllRead = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSuccess: invalidate }));
  return { markRead, markAllRead };
}

export function NotificationBell() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const unread = useQuery({ ...trpc.notifications.unreadCount.queryOptions(), refetchInterval: 60_000 });
  const list = useQuery(trpc.notifications.list.queryOptions({ limit: 8 }));
  const { markRead, markAllRead } = useMarkNotificationsRead();
  const count = unread.data ?? 0;
  const { t } = useTranslation("shell");
  const { locale } = useLocale();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="relative grid size-9 place-items-center rounded-md text-ink-600 hover:bg-ink-100 hover:text-ink-900 data-[state=open]:bg-ink-100"
        aria-label={count > 0 ? t("notifications.unread", { count }) : t("notifications.title")}
      >
        <Bell className="size-[18px]" aria-hidden />
        {count > 0 ? (
          <span className="absolute top-1 right-1 grid min-w-4 place-items-center rounded-full bg-red-600 px-1 text-[10px] leading-4 font-semibold text-white tabular">
            {count > 9 ? "9+" : count}
          </span>
        ) : null}
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-[min(22rem,calc(100vw-1.5rem))] p-0">
        <div className="flex items-center justify-between border-b border-ink-100 px-3.5 py-2.5">
          <p className="text-sm font-semibold text-ink-900">{t("notifications.title")}</p>
          {count > 0 ? (
            <button
              type="button"
              className="inline-flex items-center gap-1 text-xs font-medium text-brand-700 hover:underline"
              onClick={() => markAllRead.mutate()}
            >
              <CheckCheck className="size-3.5" aria-hidden /> {t("notifications.markAllRead")}
            </button>
          ) : null}
        </div>
        <div className="max-h-96 overflow-y-auto p-1">
          {list.isPending ? (
            <div className="flex flex-col gap-2 p-2">
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
            </div>
          ) : list.isError ? (
            <p className="px-3 py-6 text-center text-sm text-ink-500">{t("notifications.failed")}</p>
          ) : list.data.items.length === 0 ? (
            <p className="px-3 py-8 text-center text-sm text-ink-500">{t("notifications.caughtUp")}</p>
          ) : (
            list.data.items.map((item) => {
              const target = resolveNotificationLink(item.link, item.businessId);
              return (
                <DropdownMenuItem
                  key={item.id}
                  className="items-start py-2.5"
                  onSelect={() => {
                    if (!item.readAt) markRead.mutate({ ids: [item.id] });
                    if (target) navigate(target);
                  }}
                >
                  <span
                    aria-hidden
                    className={cn(
                      "mt-1.5 size-2 shrink-0 rounded-full",
                      item.readAt ? "bg-transparent" : "bg-brand-600",
                    )}
                  />
                  <span className="min-w-0 flex-1">
                    <span
                      className={cn(
                        "block text-sm",
                        item.readAt ? "text-ink-700" : "font-medium text-ink-900",
                      )}
                    >
                      {item.title}
                      {item.readAt ? null : <span className="sr-only">{t("notifications.unreadMark")}</span>}
                    </span>
                    {item.body ? (
                      <span className="mt-0.5 block text-xs text-ink-500">{item.body}</span>
                    ) : null}
                    <span className="mt-1 block text-[11px] text-ink-500">
                      {formatRelative(item.createdAt, undefined, undefined, locale)}
                    </span>
                  </span>
                </DropdownMenuItem>
              );
            })
          )}
        </div>
        <div className="border-t border-ink-100 p-1">
          <Link
            to="/notifications"
            className="block rounded-md px-3 py-2 text-center text-[13px] font-medium text-brand-700 hover:bg-ink-50"
          >
            {t("notifications.seeAll")}
          </Link>
        </div>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
