import { useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
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
        <Pencil aria-hidden /> Edit
      </Button>
      {archived ? (
        <Button variant="secondary" loading={busy === "restore"} onClick={() => act("restore", "Restored")}>
          <ArchiveRestore aria-hidden /> Restore
        </Button>
      ) : (
        <Button variant="secondary" loading={busy === "archive"} onClick={() => act("archive", "Archived")}>
          <Archive aria-hidden /> Archive
        </Button>
      )}
      <Button
        variant="ghost"
        loading={busy === "delete"}
        onClick={() => {
          if (!window.confirm(`Delete this ${kind}? Only possible while nothing refers to them.`)) return;
          void act("delete", "Deleted");
        }}
      >
        <Trash2 aria-hidden /> Delete
      </Button>
    </>
  );
}
