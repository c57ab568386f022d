import { Compass, SearchX } from "lucide-react";
import { ButtonLink } from "../../ui/button";
import { EmptyState } from "../../ui/empty-state";

export default function NotFoundPage() {
  return (
    <EmptyState
      className="py-20"
      icon={Compass}
      title="This page doesn't exist"
      description="The link may be old, or there may be a typo in the address."
      action={<ButtonLink to="/">Go to your business</ButtonLink>}
    />
  );
}

export function BusinessNotFound() {
  return (
    <EmptyState
      className="py-20"
      icon={SearchX}
      title="Business not found"
      description="It doesn't exist, or you're not a member of it. If someone invited you, open the link in their email."
      action={<ButtonLink to="/">Go to your businesses</ButtonLink>}
    />
  );
}
