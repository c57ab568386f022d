import { useTranslation } from "react-i18next";
import { businessPath, NAV_ITEMS } from "../../app/navigation";
import { TabNav } from "../../ui/tabs";
import { useBusiness } from "./business-context";

/** The settings pages as tabs, filtered by the same access rules as the sidebar. */
export function SettingsTabs() {
  const { business, can } = useBusiness();
  const { t } = useTranslation("shell");
  const tabs = NAV_ITEMS.filter((item) => item.section === "settings" && can(item.permission)).map(
    (item) => ({
      to: businessPath(business.id, item.path),
      label: t(item.id === "business" ? "nav.businessTab" : `nav.${item.id}`),
    }),
  );
  if (tabs.length < 2) return null;
  return <TabNav tabs={tabs} label={t("section.settings")} />;
}
