import { HandCoins, Inbox, KeyRound, Menu, ShieldCheck, UserRound, X } from "lucide-react";
import { Dialog as Primitive } from "radix-ui";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useLocation, useMatch } from "react-router";
import { businessPath, navigationFor } from "../../app/navigation";
import { cn } from "../../lib/cn";
import { Badge } from "../../ui/badge";
import { Logo } from "../../ui/logo";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { NotificationBell } from "../notifications/notification-bell";
import { SyncQueueButton } from "../offline/sync-queue";
import { VerifyEmailBanner } from "../verify-email/verify-email-banner";
import { BusinessSwitcher } from "./business-switcher";
import { useApplySavedLanguage } from "./use-language";
import { useMe } from "./use-me";
import { UserMenu } from "./user-menu";

type MeData = NonNullable<ReturnType<typeof useMe>["data"]>;

function NavItemLink({
  to,
  icon: Icon,
  label,
  end,
  trailing,
}: {
  to: string;
  icon: React.ComponentType<{ className?: string; "aria-hidden"?: boolean }>;
  label: string;
  end?: boolean;
  trailing?: ReactNode;
}) {
  return (
    <NavLink
      to={to}
      end={end}
      className={({ isActive }) =>
        cn(
          "group flex h-9 items-center gap-2.5 rounded-md px-2.5 text-sm font-medium transition-colors",
          isActive
            ? "bg-surface text-ink-950 shadow-card ring-1 ring-ink-200/70"
            : "text-ink-600 hover:bg-ink-100 hover:text-ink-900",
        )
      }
    >
      {({ isActive }) => (
        <>
          <Icon
            className={cn(
              "size-4 shrink-0",
              isActive ? "text-brand-700" : "text-ink-500 group-hover:text-ink-700",
            )}
            aria-hidden
          />
          <span className="flex-1 truncate">{label}</span>
          {trailing}
        </>
      )}
    </NavLink>
  );
}

function NavGroup({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <p className="px-2.5 pt-4 pb-1.5 text-[11px] font-semibold tracking-wider text-ink-500 uppercase">
        {label}
      </p>
      {children}
    </div>
  );
}

function SidebarContent({ me, businessId }: { me: MeData; businessId: string | null }) {
  const membership = me.businesses.find((business) => business.id === businessId) ?? null;
  const groups = membership ? navigationFor(membership) : [];
  const invitations = me.pendingInvitations.length;
  const { t } = useTranslation("shell");
  return (
    <div className="flex h-full flex-col">
      <div className="flex items-center justify-between px-4 pt-4 pb-3">
        <Logo />
        <div className="hidden items-center gap-1 lg:flex">
          <SyncQueueButton />
          <NotificationBell />
        </div>
      </div>
      <div className="px-3">
        <BusinessSwitcher me={me} currentId={businessId} />
      </div>
      <nav aria-label={t("mainNavigation")} className="flex-1 overflow-y-auto px-3 pb-4">
        {membership && businessId
          ? groups.map((group) => (
              <NavGroup key={group.section} label={t(`section.${group.section}`)}>
                {group.items.map((item) => (
                  <NavItemLink
                    key={item.id}
                    to={businessPath(businessId, item.path)}
                    icon={item.icon}
                    label={t(`nav.${item.id}`)}
                    end={item.path === ""}
                  />
                ))}
              </NavGroup>
            ))
          : null}
        <NavGroup label={t("section.account")}>
          <NavItemLink to="/account/profile" icon={UserRound} label={t("profile")} />
          <NavItemLink to="/account/security" icon={KeyRound} label={t("security")} />
          {invitations > 0 ? (
            <NavItemLink
              to="/invitations"
              icon={Inbox}
              label={t("invitations")}
              trailing={<Badge tone="brand">{invitations}</Badge>}
            />
          ) : null}
          {me.user.isSuperAdmin ? (
            <NavItemLink to="/admin" icon={ShieldCheck} label={t("platformAdmin")} />
          ) : null}
          {me.user.isSuperAdmin ? (
            <NavItemLink to="/lending" icon={HandCoins} label={t("lendingDesk")} />
          ) : null}
        </NavGroup>
      </nav>
      <div className="border-t border-ink-200/70 p-3">
        <UserMenu user={me.user} />
        {membership ? (
          <p className="sr-only">{t("yourRole", { role: t(`role.${membership.role}`) })}</p>
        ) : null}
      </div>
    </div>
  );
}

function ShellSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="flex min-h-dvh" role="status" aria-live="polite">
      <span className="sr-only">{t("loadingApp")}</span>
      <div className="hidden w-64 flex-col gap-3 border-r border-ink-200/70 p-4 lg:flex">
        <Skeleton className="h-7 w-24" />
        <Skeleton className="h-12" />
        <Skeleton className="mt-4 h-8" />
        <Skeleton className="h-8" />
        <Skeleton className="h-8" />
      </div>
      <div className="flex-1 p-6 lg:p-10">
        <Skeleton className="h-8 w-56" />
        <Skeleton className="mt-3 h-4 w-80 max-w-full" />
      </div>
    </div>
  );
}

/** The signed-in frame: sidebar on desktop, a top bar and a drawer on phones. */
export default function AppShell() {
  const me = useMe();
  const location = useLocation();
  const match = useMatch("/b/:businessId/*");
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { t } = useTranslation("shell");
  useApplySavedLanguage(me.data?.user.language);
  // Close the drawer whenever the page changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger
  useEffect(() => setDrawerOpen(false), [location.pathname]);

  if (me.isPending) return <ShellSkeleton />;
  if (me.isError) {
    return (
      <div className="mx-auto max-w-lg px-4 py-16">
        <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  const routeBusinessId = match?.params.businessId ?? null;
  const fallbackId =
    me.data.businesses.find((business) => business.id === me.data.user.lastBusinessId)?.id ??
    me.data.businesses[0]?.id ??
    null;
  const businessId = routeBusinessId ?? fallbackId;

  return (
    <div className="min-h-dvh lg:flex">
      <aside className="sticky top-0 hidden h-dvh w-64 shrink-0 border-r border-ink-200/70 bg-ink-50 lg:block">
        <SidebarContent me={me.data} businessId={businessId} />
      </aside>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-ink-200/70 bg-surface/90 px-3 backdrop-blur lg:hidden">
        <Primitive.Root open={drawerOpen} onOpenChange={setDrawerOpen}>
          <Primitive.Trigger
            className="grid size-10 place-items-center rounded-md text-ink-700 hover:bg-ink-100"
            aria-label={t("openMenu")}
          >
            <Menu className="size-5" aria-hidden />
          </Primitive.Trigger>
          <Primitive.Portal>
            <Primitive.Overlay className="fixed inset-0 z-40 animate-fade-in bg-ink-950/40" />
            <Primitive.Content
              aria-describedby={undefined}
              className="fixed inset-y-0 left-0 z-50 w-[min(20rem,86vw)] animate-slide-in bg-ink-50 shadow-pop focus:outline-none"
            >
              <Primitive.Title className="sr-only">{t("menu")}</Primitive.Title>
              <Primitive.Close
                className="absolute top-3.5 right-3 grid size-9 place-items-center rounded-md text-ink-600 hover:bg-ink-100"
                aria-label={t("closeMenu")}
              >
                <X className="size-5" aria-hidden />
              </Primitive.Close>
              <SidebarContent me={me.data} businessId={businessId} />
            </Primitive.Content>
          </Primitive.Portal>
        </Primitive.Root>
        <Logo className="flex-1" />
        <SyncQueueButton />
        <NotificationBell />
        <UserMenu user={me.data.user} compact />
      </header>
      <main id="main" className="min-w-0 flex-1">
        {me.data.user.emailVerified || location.pathname === "/verify-email" ? null : (
          <VerifyEmailBanner email={me.data.user.email} />
        )}
        <div className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 lg:px-10 lg:py-10">
          <Outlet />
        </div>
      </main>
    </div>
  );
}
