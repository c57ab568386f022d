import { ContactsList } from "../customers/contacts-list";
import { RequireAccess } from "../shell/require-access";

export default function SuppliersPage() {
  return (
    <RequireAccess requirement="suppliers.read">
      <ContactsList kind="supplier" />
    </RequireAccess>
  );
}
