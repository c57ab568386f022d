import type { LoanApplicationStatus } from "@kavi/domain";
import { useTranslation } from "react-i18next";
import { Badge, type BadgeTone } from "../../ui/badge";

const TONES: Record<LoanApplicationStatus, BadgeTone> = {
  submitted: "info",
  recommended: "info",
  approved: "brand",
  declined: "danger",
  disbursing: "brand",
  active: "success",
  settled: "neutral",
  withdrawn: "neutral",
};

export function LoanStatusBadge({ status }: { status: LoanApplicationStatus }) {
  const { t } = useTranslation("lending");
  return <Badge tone={TONES[status]}>{t(`status.${status}`)}</Badge>;
}

/** A calendar date (YYYY-MM-DD) as a Date at Nairobi's midday, so no zone moves it to another day. */
export function calendarDay(date: string): Date {
  return new Date(`${date}T09:00:00Z`);
}
