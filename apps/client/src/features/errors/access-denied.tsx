import { ShieldX } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useTranslateMessage } from "../../i18n/use-locale";
import { ButtonLink } from "../../ui/button";
import { EmptyState } from "../../ui/empty-state";

/** What a member sees on a page their role or modules don't cover: the API's own explanation. */
export function AccessDenied({ message, homePath }: { message: string; homePath: string }) {
  const { t } = useTranslation();
  const translateMessage = useTranslateMessage();
  return (
    <EmptyState
      className="py-20"
      icon={ShieldX}
      title={t("errors.noAccessTitle")}
      description={translateMessage(message)}
      action={
        <ButtonLink to={homePath} variant="secondary">
          {t("errors.backHome")}
        </ButtonLink>
      }
    />
  );
}
