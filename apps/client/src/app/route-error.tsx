import { RefreshCw, TriangleAlert } from "lucide-react";
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
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  const chunkMissing =
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed/i.test(error.message);
  return (
    <main id="main" className="grid min-h-dvh place-items-center px-4">
      <EmptyState
        icon={TriangleAlert}
        title={chunkMissing ? "KAVI has been updated" : "This page hit a problem"}
        description={
          chunkMissing
            ? "Reload to get the latest version. Nothing you saved is lost."
            : "Reloading usually fixes it. If it keeps happening, tell us what you were doing."
        }
        action={
          <div className="flex gap-2">
            <Button onClick={() => window.location.reload()}>
              <RefreshCw aria-hidden /> Reload
            </Button>
            <ButtonLink to="/" variant="secondary">
              Go home
            </ButtonLink>
          </div>
        }
      />
    </main>
  );
}
