import { Compass, SearchX } from "lucide-react";
import { useTranslation } from "react-i18next";
import { ButtonLink } from "../../ui/button";
import { EmptyState } from "../../ui/empty-state";

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyState
      className="py-20"
      icon={Compass}
      title={t("errors.notFoundTitle")}
      description={t("errors.notFoundBody")}
      action={<ButtonLink to="/">{t("errors.goToBusiness")}</ButtonLink>}
    />
  );
}

export function BusinessNotFound() {
  const { t } = useTranslation();
  return (
    <EmptyState
      className="py-20"
      icon={SearchX}
      title={t("errors.businessNotFoundTitle")}
      description={t("errors.businessNotFoundBody")}
      action={<ButtonLink to="/">{t("errors.goToBusinesses")}</ButtonLink>}
    />
  );
}
