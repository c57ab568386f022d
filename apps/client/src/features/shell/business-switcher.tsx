import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { businessPath } from "../../app/navigation";
import { Avatar } from "../../ui/avatar";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../../ui/dropdown-menu";
import { businessName } from "./business-context";
import type { useMe } from "./use-me";

type MeData = NonNullable<ReturnType<typeof useMe>["data"]>;

/** Switching opens the other business's URL; the business layout then remembers it (business.setActive). */
export function BusinessSwitcher({ me, currentId }: { me: MeData; currentId: string | null }) {
  const { t } = useTranslation("shell");
  const navigate = useNavigate();
  const current = me.businesses.find((business) => business.id === currentId) ?? null;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger className="group flex w-full items-center gap-2.5 rounded-lg border border-ink-200 bg-surface px-2.5 py-2 text-left shadow-xs transition-colors hover:border-ink-300 data-[state=open]:border-brand-600">
        {current ? (
          <>
            <Avatar name={businessName(current)} size="sm" square />
            <span className="min-w-0 flex-1">
              <span className="block truncate text-sm font-semibold text-ink-900">
                {businessName(current)}
              </span>
              <span className="block truncate text-xs text-ink-500">{t(`role.${current.role}`)}</span>
            </span>
          </>
        ) : (
          <span className="flex-1 text-sm font-medium text-ink-700">{t("chooseBusiness")}</span>
        )}
        <ChevronsUpDown className="size-4 shrink-0 text-ink-400" aria-hidden />
        <span className="sr-only">{t("switchBusiness")}</span>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-64">
        <DropdownMenuLabel>{t("yourBusinesses")}</DropdownMenuLabel>
        {me.businesses.map((business) => (
          <DropdownMenuItem key={business.id} onSelect={() => navigate(businessPath(business.id))}>
            <Avatar name={businessName(business)} size="sm" square />
            <span className="min-w-0 flex-1">
              <span className="block truncate font-medium">{businessName(business)}</span>
              <span className="block text-xs text-ink-500">{t(`role.${business.role}`)}</span>
            </span>
            {business.id === currentId ? (
              <Check className="text-brand-700" aria-label={t("current")} />
            ) : null}
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => navigate("/onboarding")}>
          <Plus aria-hidden /> {t("createBusiness")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
