import { useTranslation } from "react-i18next";
import { Button } from "./button";

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * "Load more" for a keyset-paged list: nothing once the last page is in. `footer` sits inside the list's card,
 * `below` under it.
 */
export function LoadMore({
  query,
  placement = "below",
}: {
  query: PagedQuery;
  placement?: "below" | "footer";
}) {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <div
      className={
        placement === "footer" ? "border-t border-ink-100 p-3 text-center" : "mt-4 flex justify-center"
      }
    >
      <Button
        variant="secondary"
        loading={query.isFetchingNextPage}
        onClick={() => void query.fetchNextPage()}
      >
        {t("loadMore")}
      </Button>
    </div>
  );
}
