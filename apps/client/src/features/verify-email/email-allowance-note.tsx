import { useQuery } from "@tanstack/react-query";
import { MailWarning } from "lucide-react";
import { Link } from "react-router";
import { useTRPC } from "../../lib/trpc";
import { Notice } from "../../ui/problem";
import { useBusiness } from "../shell/business-context";
import { useMe } from "../shell/use-me";

const WORDS = {
  invoice: { many: "invoice emails", one: "invoice email" },
  invitation: { many: "invitations", one: "invitation" },
} as const;

/**
 * Above a form that emails someone outside the business: asks an unverified account to confirm its
 * address first, and says how many of today's emails of this kind are left (the server enforces both).
 */
export function EmailAllowanceNote({ kind }: { kind: keyof typeof WORDS }) {
  const trpc = useTRPC();
  const me = useMe();
  const { business } = useBusiness();
  const allowance = useQuery(trpc.business.emailAllowance.queryOptions({ businessId: business.id }));
  if (me.data && !me.data.user.emailVerified) {
    return (
      <Notice tone="warning" icon={<MailWarning className="mt-0.5 size-4 shrink-0" aria-hidden />}>
        <p className="font-medium">Confirm your email address first</p>
        <p className="mt-0.5">
          KAVI sends emails for you once you've confirmed {me.data.user.email}.{" "}
          <Link to="/verify-email" className="font-medium underline">
            Confirm it now
          </Link>
        </p>
      </Notice>
    );
  }
  const today = allowance.data?.kinds[kind];
  if (!today) return null;
  const words = WORDS[kind];
  if (today.remaining === 0) {
    return (
      <Notice tone="warning" icon={<MailWarning className="mt-0.5 size-4 shrink-0" aria-hidden />}>
        This business has sent its {today.limit} {words.many} for today. Sending starts again at midnight.
      </Notice>
    );
  }
  return (
    <p className="text-[13px] text-ink-500 tabular">
      {today.remaining} of {today.limit} {today.limit === 1 ? words.one : words.many} left today.
    </p>
  );
}
