import { RefreshCw, TriangleAlert } from "lucide-react";
import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, useRouteError } from "react-router";
import NotFoundPage from "../features/errors/not-found-page";
import { Button, ButtonLink } from "../ui/button";
import { EmptyState } from "../ui/empty-state";

/**
 * Last line of defence for a route that throws while rendering or loading (a page chunk from an older
 * deploy that no longer exists, a bug): a calm page with a way forward instead of a blank screen.
 */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  const chunkMissing =
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed/i.test(error.message);
  return (
    <main id="main" className="grid min-h-dvh place-items-center px-4">
      <EmptyState
        icon={TriangleAlert}
        title={chunkMissing ? t("errors.updatedTitle") : t("errors.crashedTitle")}
        description={chunkMissing ? t("errors.updatedBody") : t("errors.crashedBody")}
        action={
          <div className="flex gap-2">
            <Button onClick={() => window.location.reload()}>
              <RefreshCw aria-hidden /> {t("errors.reload")}
            </Button>
            <ButtonLink to="/" variant="secondary">
              {t("errors.goHome")}
            </ButtonLink>
          </div>
        }
      />
    </main>
  );
}
