import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowUpRight, Check, X } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { businessPath } from "../../app/navigation";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { ProblemAlert } from "../../ui/problem";
import { useBusiness } from "../shell/business-context";
import type { AnswerCard } from "./answer-card";

type ActionCard = NonNullable<AnswerCard["action"]>;

/**
 * Confirm or cancel a proposed action. Nothing happens until Confirm; the server does it once, as this
 * person, through the same service as the screen (a second click gets "already done").
 */
export function ActionControls({ action, onNavigate }: { action: ActionCard; onNavigate: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const { t } = useTranslation("assistant");
  const [state, setState] = useState<Pick<ActionCard, "status" | "outcome">>({
    status: action.status,
    outcome: action.outcome,
  });
  const input = { businessId: business.id, proposalId: action.proposalId };
  const confirm = useMutation(
    trpc.assistant.actions.confirm.mutationOptions({
      onSuccess: async (done) => {
        // Transactions, invoices and the dashboard may all show the change.
        await queryClient.invalidateQueries();
        setState({ status: "done", outcome: { message: done.message, path: done.path } });
      },
      onError: () => setState((current) => ({ ...current, status: "failed" })),
    }),
  );
  const cancel = useMutation(
    trpc.assistant.actions.cancel.mutationOptions({
      onSuccess: () => setState({ status: "cancelled", outcome: null }),
    }),
  );
  const expired = state.status === "pending" && new Date(action.expiresAt).getTime() < Date.now();
  const status = expired ? "expired" : state.status;

  if (status === "pending") {
    return (
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Button size="sm" loading={confirm.isPending} onClick={() => confirm.mutate(input)}>
          <Check aria-hidden />
          {action.confirmLabel}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={confirm.isPending}
          loading={cancel.isPending}
          onClick={() => cancel.mutate(input)}
        >
          <X aria-hidden />
          {action.cancelLabel}
        </Button>
        {cancel.isError ? <ProblemAlert className="w-full" error={cancel.error} /> : null}
      </div>
    );
  }
  if (status === "done") {
    return (
      <p className="mt-3 flex flex-wrap items-center gap-2 text-sm font-medium text-brand-800" role="status">
        <Check className="size-4" aria-hidden />
        {state.outcome?.message ?? t("action.done")}
        {state.outcome?.path ? (
          <Link
            to={businessPath(business.id, state.outcome.path)}
            onClick={onNavigate}
            className="inline-flex items-center gap-1 text-brand-700 hover:underline"
          >
            {t("action.open")}
            <ArrowUpRight className="size-3.5" aria-hidden />
          </Link>
        ) : null}
      </p>
    );
  }
  return (
    <div className="mt-3">
      {confirm.isError ? (
        <ProblemAlert error={confirm.error} title={t("action.couldNot")} />
      ) : (
        <p className="text-sm text-ink-600" role="status">
          {status === "failed" && state.outcome?.message
            ? state.outcome.message
            : t(`action.status.${status}`)}
        </p>
      )}
    </div>
  );
}
