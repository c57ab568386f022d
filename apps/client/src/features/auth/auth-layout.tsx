import { ChartNoAxesCombined, ReceiptText, ShieldCheck, Smartphone } from "lucide-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Logo } from "../../ui/logo";
import { useDocumentTitle } from "../../ui/page-header";

const points = [
  { icon: Smartphone, key: "layout.pointMoney" },
  { icon: ReceiptText, key: "layout.pointInvoices" },
  { icon: ChartNoAxesCombined, key: "layout.pointCashFlow" },
  { icon: ShieldCheck, key: "layout.pointTeam" },
] as const;

/** The frame of every signed-out page: a calm brand panel beside a single focused form. */
export function AuthLayout({
  title,
  description,
  children,
  footer,
}: {
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const { t } = useTranslation("auth");
  useDocumentTitle(typeof title === "string" ? title : null);
  return (
    <div className="grid min-h-dvh lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
      <aside className="relative hidden overflow-hidden bg-brand-950 px-12 py-10 text-brand-50 lg:flex lg:flex-col">
        <div
          aria-hidden
          className="absolute -top-40 -right-40 size-[520px] rounded-full bg-brand-700/30 blur-3xl"
        />
        <div
          aria-hidden
          className="absolute -bottom-48 -left-24 size-[420px] rounded-full bg-brand-500/20 blur-3xl"
        />
        <Link to="/" className="relative inline-flex items-center gap-2 text-white">
          <svg viewBox="0 0 32 32" aria-hidden className="size-8">
            <rect width="32" height="32" rx="8" fill="#21a386" />
            <path
              d="M10 8v16M10 16l9-8M13.5 13l6.5 11"
              stroke="#fff"
              strokeWidth="3"
              strokeLinecap="round"
              strokeLinejoin="round"
              fill="none"
            />
          </svg>
          <span className="text-lg font-semibold tracking-tight">KAVI</span>
        </Link>
        <div className="relative mt-auto max-w-md">
          <p className="text-3xl leading-tight font-semibold tracking-tight text-white">
            {t("layout.headline")}
          </p>
          <p className="mt-3 text-[15px] text-brand-100/80">{t("layout.lead")}</p>
          <ul className="mt-8 grid gap-3">
            {points.map(({ icon: Icon, key }) => (
              <li key={key} className="flex items-center gap-3 text-sm text-brand-50">
                <span className="grid size-8 place-items-center rounded-md bg-white/10 ring-1 ring-white/15">
                  <Icon className="size-4" aria-hidden />
                </span>
                {t(key)}
              </li>
            ))}
          </ul>
        </div>
        <p className="relative mt-10 text-xs text-brand-100/60">{t("layout.footer")}</p>
      </aside>
      <main id="main" className="flex min-h-dvh flex-col px-5 py-8 sm:px-10">
        <div className="lg:hidden">
          <Link to="/">
            <Logo />
          </Link>
        </div>
        <div className="mx-auto flex w-full max-w-[400px] flex-1 flex-col justify-center py-10">
          <h1 className="text-2xl font-semibold tracking-tight text-ink-950">{title}</h1>
          {description ? <p className="mt-1.5 text-sm text-ink-500">{description}</p> : null}
          <div className="mt-7">{children}</div>
          {footer ? <div className="mt-8 text-center text-sm text-ink-600">{footer}</div> : null}
        </div>
      </main>
    </div>
  );
}
