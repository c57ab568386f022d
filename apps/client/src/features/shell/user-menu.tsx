import { LANGUAGE_LABELS, LANGUAGES } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { Check, ChevronsUpDown, KeyRound, Languages, LogOut, ShieldCheck, UserRound } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useLocale } from "../../i18n/use-locale";
import { useSessionManager } from "../../lib/session/session-context";
import { useTRPC } from "../../lib/trpc";
import { Avatar } from "../../ui/avatar";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../../ui/dropdown-menu";
import { useChangeLanguage } from "./use-language";

export function useSignOut() {
  const trpc = useTRPC();
  const session = useSessionManager();
  const signOut = useMutation(trpc.auth.signOut.mutationOptions());
  return () =>
    signOut.mutateAsync().finally(() => {
      session.end("signed-out");
    });
}

export function UserMenu({
  user,
  compact = false,
}: {
  user: { fullName: string; email: string; avatarUrl: string | null; isSuperAdmin: boolean };
  compact?: boolean;
}) {
  const navigate = useNavigate();
  const signOut = useSignOut();
  const { t } = useTranslation("shell");
  const { language } = useLocale();
  const changeLanguage = useChangeLanguage();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className={
          compact
            ? "grid size-9 place-items-center rounded-full hover:ring-2 hover:ring-ink-200"
            : "flex w-full items-center gap-2.5 rounded-lg px-2 py-2 text-left hover:bg-ink-100 data-[state=open]:bg-ink-100"
        }
        aria-label={compact ? t("yourAccount") : undefined}
      >
        <Avatar name={user.fullName} src={user.avatarUrl} size="sm" />
        {compact ? null : (
          <>
            <span className="min-w-0 flex-1">
              <span className="block truncate text-sm font-medium text-ink-900">{user.fullName}</span>
              <span className="block truncate text-xs text-ink-500">{user.email}</span>
            </span>
            <ChevronsUpDown className="size-4 shrink-0 text-ink-400" aria-hidden />
          </>
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent align={compact ? "end" : "start"} side={compact ? "bottom" : "top"}>
        <DropdownMenuLabel>{user.email}</DropdownMenuLabel>
        <DropdownMenuItem onSelect={() => navigate("/account/profile")}>
          <UserRound aria-hidden /> {t("profile")}
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => navigate("/account/security")}>
          <KeyRound aria-hidden /> {t("security")}
        </DropdownMenuItem>
        {user.isSuperAdmin ? (
          <DropdownMenuItem onSelect={() => navigate("/admin")}>
            <ShieldCheck aria-hidden /> {t("platformAdmin")}
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuSeparator />
        <DropdownMenuLabel>
          <span className="inline-flex items-center gap-1.5">
            <Languages className="size-3.5" aria-hidden /> {t("language.label")}
          </span>
        </DropdownMenuLabel>
        {LANGUAGES.map((code) => (
          <DropdownMenuItem
            key={code}
            lang={code}
            aria-current={code === language ? "true" : undefined}
            onSelect={() => void changeLanguage(code)}
          >
            {code === language ? (
              <Check className="text-brand-700" aria-hidden />
            ) : (
              <span className="size-4" />
            )}
            {LANGUAGE_LABELS[code]}
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOut()}>
          <LogOut aria-hidden /> {t("signOut")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
