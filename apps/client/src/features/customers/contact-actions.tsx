import { useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { businessPath } from "../../app/navigation";
import { toProblem } from "../../lib/errors";
import { useTRPC, useTRPCClient } from "../../lib/trpc";
import { Button } from "../../ui/button";
import { toast } from "../../ui/toast";
import { useBusiness } from "../shell/business-context";
import type { ContactKind } from "./contact-form";

/** Edit, archive/restore, delete — delete only works while nothing refers to the contact. */
export function ContactActions({
  kind,
  id,
  archived,
  onEdit,
}: {
  kind: ContactKind;
  id: string;
  archived: boolean;
  onEdit: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { business } = useBusiness();
  const { t } = useTranslation("customers");
  const client = useTRPCClient();
  const [busy, setBusy] = useState<"archive" | "restore" | "delete" | null>(null);
  const act = async (action: "archive" | "restore" | "delete", success: string) => {
    setBusy(action);
    try {
      if (kind === "customer")
        await client.customers[action].mutate({ businessId: business.id, customerId: id });
      else await client.suppliers[action].mutate({ businessId: business.id, supplierId: id });
      toast("success", success);
      await queryClient.invalidateQueries({
        queryKey: (kind === "customer" ? trpc.customers : trpc.suppliers).pathKey(),
      });
      if (action === "delete")
        navigate(businessPath(business.id, kind === "customer" ? "customers" : "suppliers"));
    } catch (error) {
      toast("error", toProblem(error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Button variant="secondary" onClick={onEdit}>
        <Pencil aria-hidden /> {t("actions.edit")}
      </Button>
      {archived ? (
        <Button
          variant="secondary"
          loading={busy === "restore"}
          onClick={() => act("restore", t("actions.restored"))}
        >
          <ArchiveRestore aria-hidden /> {t("actions.restore")}
        </Button>
      ) : (
        <Button
          variant="secondary"
          loading={busy === "archive"}
          onClick={() => act("archive", t("actions.archived"))}
        >
          <Archive aria-hidden /> {t("actions.archive")}
        </Button>
      )}
      <Button
        variant="ghost"
        loading={busy === "delete"}
        onClick={() => {
          if (!window.confirm(t(`actions.confirmDelete.${kind}`))) return;
          void act("delete", t("actions.deleted"));
        }}
      >
        <Trash2 aria-hidden /> {t("actions.delete")}
      </Button>
    </>
  );
}
