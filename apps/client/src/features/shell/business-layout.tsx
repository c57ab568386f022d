import { ZIdSchema } from "@kavi/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, useParams } from "react-router";
import { toProblem } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { ProblemAlert } from "../../ui/problem";
import { Skeleton } from "../../ui/skeleton";
import { AssistantLauncher } from "../assistant/assistant-launcher";
import { BusinessNotFound } from "../errors/not-found-page";
import { BusinessContext, makeBusinessContext } from "./business-context";

/** Everything under /b/:businessId: loads the business and the caller's membership once. */
export default function BusinessLayout() {
  const { businessId = "" } = useParams();
  const { t } = useTranslation("shell");
  const validId = ZIdSchema.safeParse(businessId).success;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const business = useQuery({ ...trpc.business.get.queryOptions({ businessId }), enabled: validId });
  const setActive = useMutation(
    trpc.business.setActive.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
    }),
  );
  const loaded = business.isSuccess;
  const { mutate } = setActive;
  // Remember this business so the next visit to "/" opens it.
  useEffect(() => {
    if (loaded) mutate({ businessId });
  }, [loaded, businessId, mutate]);
  const value = useMemo(() => (business.data ? makeBusinessContext(business.data) : null), [business.data]);

  if (!validId) return <BusinessNotFound />;
  if (business.isPending) {
    return (
      <div role="status" aria-live="polite" className="flex flex-col gap-4">
        <span className="sr-only">{t("loadingBusiness")}</span>
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-4 w-96 max-w-full" />
        <div className="mt-4 grid gap-4 md:grid-cols-3">
          <Skeleton className="h-32" />
          <Skeleton className="h-32" />
          <Skeleton className="h-32" />
        </div>
      </div>
    );
  }
  if (business.isError) {
    if (toProblem(business.error).kind === "not-found") return <BusinessNotFound />;
    return <ProblemAlert error={business.error} onRetry={() => void business.refetch()} />;
  }
  return (
    <BusinessContext.Provider value={value}>
      <Outlet />
      <AssistantLauncher />
    </BusinessContext.Provider>
  );
}
