import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { formatWait } from "../../lib/errors";

/** A wait in the reader's language ("2 minutes 5 seconds", "dakika 2 sekunde 5"). */
export function useFormatWait(): (seconds: number) => string {
  const { t } = useTranslation("auth");
  return useCallback(
    (seconds: number) => formatWait(seconds, (unit, count) => t(`wait.${unit}`, { count })),
    [t],
  );
}
