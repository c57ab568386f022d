import { RequireAccess } from "../shell/require-access";
import { ContactsList } from "./contacts-list";

export default function CustomersPage() {
  return (
    <RequireAccess requirement="customers.read">
      <ContactsList kind="customer" />
    </RequireAccess>
  );
}
