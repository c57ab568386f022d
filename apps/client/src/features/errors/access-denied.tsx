import { ShieldX } from "lucide-react";
import { ButtonLink } from "../../ui/button";
import { EmptyState } from "../../ui/empty-state";

/** What a member sees on a page their role or modules don't cover: the API's own explanation. */
export function AccessDenied({ message, homePath }: { message: string; homePath: string }) {
  return (
    <EmptyState
      className="py-20"
      icon={ShieldX}
      title="You don't have access to this page"
      description={message}
      action={
        <ButtonLink to={homePath} variant="secondary">
          Back to home
        </ButtonLink>
      }
    />
  );
}
