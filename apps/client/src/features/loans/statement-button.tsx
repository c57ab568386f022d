import { toLanguage } from "@kavi/domain";
import { useMutation } from "@tanstack/react-query";
import { FileText } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useTRPCClient } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { toast } from "../../ui/toast";
import { downloadBase64 } from "../invoices/invoice-ui";

/**
 * Downloads a loan's statement PDF in the language of the screen: through the business's own procedure on the
 * loan page (tenancy-checked), through the desk's on the review screen.
 */
export function StatementButton({ loanId, businessId }: { loanId: string; businessId?: string }) {
  const { t, i18n } = useTranslation("lending");
  const client = useTRPCClient();
  const download = useMutation({
    mutationFn: async () => {
      const language = toLanguage(i18n.language);
      downloadBase64(
        businessId
          ? await client.loans.statement.query({ businessId, loanId, language })
          : await client.lending.statement.query({ loanId, language }),
      );
    },
    onError: () => toast("error", t("statement.failed")),
  });
  return (
    <Button variant="secondary" loading={download.isPending} onClick={() => download.mutate()}>
      <FileText aria-hidden /> {t("statement.download")}
    </Button>
  );
}
