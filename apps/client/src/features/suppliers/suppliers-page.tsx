import { ContactsList } from "../customers/contacts-list";
import { RequireAccess } from "../shell/require-access";

export default function SuppliersPage() {
  return (
    <RequireAccess requirement={{ module: ["transactions", "payments"], access: "read" }}>
      <ContactsList kind="supplier" />
    </RequireAccess>
  );
}
