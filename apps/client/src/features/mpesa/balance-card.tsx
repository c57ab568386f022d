import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Landmark, RefreshCw } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { Card, CardBody, CardHeader } from "../../ui/card";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import { useBusinessFormat } from "../shell/use-business-format";

/**
 * The Paybill/Till balance as M-Pesa last reported it, with its "as of" time. A refresh asks Daraja; the answer
 * arrives by callback, so the card polls while one is on its way. Owners and admins only (mpesa.balance).
 */
export function MpesaBalanceCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { business } = useBusiness();
  const format = useBusinessFormat();
  const { t } = useTranslation("mpesa");
  const balance = useQuery({
    ...trpc.mpesa.balance.get.queryOptions({ businessId: business.id }),
    refetchInterval: (query) => (query.state.data?.refreshing ? 2_000 : false),
  });
  const refresh = useMutation(trpc.mpesa.balance.refresh.mutationOptions());
  if (balance.isPending) {
    return (
      <Card className="mb-4" aria-busy="true">
        <CardBody className="space-y-2">
          <Skeleton className="h-4 w-40" />
          <Skeleton className="h-7 w-56" />
        </CardBody>
      </Card>
    );
  }
  if (balance.error) {
    return <ProblemAlert error={balance.error} onRetry={() => balance.refetch()} className="mb-4" />;
  }
  const view = balance.data;
  if (!view.available && !view.latest) return null;
  const working = view.latest?.accounts.find((entry) => /working|utility/i.test(entry.account));
  const shown = working ?? view.latest?.accounts[0];
  return (
    <Card className="mb-4">
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            <Landmark aria-hidden className="size-4 text-ink-500" /> {t("balance.title")}
          </span>
        }
        description={
          view.refreshing
            ? t("balance.asking")
            : view.latest
              ? t("balance.asOf", { time: format.dateTime(view.latest.asOf) })
              : t("balance.notFetched")
        }
        actions={
          view.available ? (
            <Button
              variant="secondary"
              size="sm"
              loading={refresh.isPending || view.refreshing}
              onClick={() =>
                refresh.mutate(
                  { businessId: business.id },
                  {
                    onSuccess: () =>
                      queryClient.invalidateQueries({ queryKey: trpc.mpesa.balance.get.queryKey() }),
                    onError: (error) => toast("error", error.message),
                  },
                )
              }
            >
              <RefreshCw aria-hidden /> {t("balance.refresh")}
            </Button>
          ) : null
        }
      />
      <CardBody className="flex flex-wrap items-end gap-x-8 gap-y-2">
        {shown ? (
          <div>
            <p className="text-[13px] text-ink-500">{shown.account}</p>
            <p className="text-2xl font-semibold text-ink-950 tabular">
              {format.money(shown.availableMinor, shown.currency)}
            </p>
          </div>
        ) : (
          <p className="text-sm text-ink-500">{t("balance.none")}</p>
        )}
        {view.latest
          ? view.latest.accounts
              .filter((entry) => entry !== shown && entry.availableMinor !== 0n)
              .map((entry) => (
                <div key={entry.account}>
                  <p className="text-[13px] text-ink-500">{entry.account}</p>
                  <p className="text-base font-medium text-ink-900 tabular">
                    {format.money(entry.availableMinor, entry.currency)}
                  </p>
                </div>
              ))
          : null}
        {view.lastFailure && !view.refreshing ? (
          <p role="status" className="basis-full text-[13px] text-amber-800">
            {t("balance.failed", {
              time: format.dateTime(view.lastFailure.at),
              reason: view.lastFailure.reason,
            })}
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}
