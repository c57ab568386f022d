import type { customers, DbOrTx, suppliers } from "@kavi/db";
import { and, eq } from "drizzle-orm";
import { isForeignKeyViolation } from "../database-errors";
import { AppError } from "../errors";
import { diffChanges, recordActivity } from "./activity";
import { definedFields } from "./patch";
import type { ServiceContext } from "./service-context";
import { inTransaction } from "./unit-of-work";

/**
 * What customers and suppliers share: the people a business sells to and buys from are looked up, changed,
 * archived and deleted the same way, with the same audit rows. Each domain keeps only what is its own (a
 * customer's account number and statement, a supplier's spend) and describes itself with a ContactKind.
 */

type CustomerRow = typeof customers.$inferSelect;
type SupplierRow = typeof suppliers.$inferSelect;
type ContactTable = typeof customers | typeof suppliers;
type RowOf<Table extends ContactTable> = Table extends typeof customers ? CustomerRow : SupplierRow;

export interface ContactKind<Table extends ContactTable> {
  table: Table;
  /** The activity log's entity type and action prefix ("customer.updated"). */
  entity: "customer" | "supplier";
  /** "Customer not found". */
  label: string;
  /** The fields the activity log records changes of. */
  fields: readonly (keyof RowOf<Table> & string)[];
}

/**
 * The two tables have the same id, business and archive columns; drizzle cannot type a query over either
 * table at once, so the shared queries are written against one and return the other's row type.
 */
function tableOf(kind: ContactKind<ContactTable>): typeof customers {
  return kind.table as typeof customers;
}

async function findContact<Table extends ContactTable>(
  db: DbOrTx,
  kind: ContactKind<Table>,
  businessId: string,
  contactId: string,
  lock: boolean,
): Promise<RowOf<Table>> {
  const table = tableOf(kind);
  const query = db
    .select()
    .from(table)
    .where(and(eq(table.businessId, businessId), eq(table.id, contactId)));
  const [row] = lock ? await query.for("update") : await query.limit(1);
  if (!row) throw new AppError("NOT_FOUND", `${kind.label} not found`);
  return row as RowOf<Table>;
}

/** The contact, if it belongs to the business; NOT_FOUND otherwise (another business's id too). */
export function getContact<Table extends ContactTable>(
  db: DbOrTx,
  kind: ContactKind<Table>,
  businessId: string,
  contactId: string,
): Promise<RowOf<Table>> {
  return findContact(db, kind, businessId, contactId, false);
}

/** The same, locked for the rest of the transaction. */
function lockContact<Table extends ContactTable>(
  tx: DbOrTx,
  kind: ContactKind<Table>,
  businessId: string,
  contactId: string,
): Promise<RowOf<Table>> {
  return findContact(tx, kind, businessId, contactId, true);
}

/**
 * Changes the fields the input names (an absent field stays as it is) and records what changed. `complete` may
 * fill in what the kind derives (a customer's account number) before the change is compared.
 */
export function updateContact<Table extends ContactTable>(
  ctx: ServiceContext,
  kind: ContactKind<Table>,
  businessId: string,
  contactId: string,
  fields: Partial<RowOf<Table>>,
  complete?: (tx: DbOrTx, before: RowOf<Table>, patch: Partial<RowOf<Table>>) => Promise<void>,
): Promise<RowOf<Table>> {
  return inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, kind, businessId, contactId);
    const patch = definedFields(fields) as Partial<RowOf<Table>>;
    await complete?.(tx, before, patch);
    const changes = diffChanges(before, patch, kind.fields);
    if (!changes) return before;
    const table = tableOf(kind);
    const [after] = await tx
      .update(table)
      .set(patch as Partial<CustomerRow>)
      .where(eq(table.id, before.id))
      .returning();
    await recordActivity(tx, ctx.actor, {
      action: `${kind.entity}.updated`,
      entityType: kind.entity,
      entityId: before.id,
      changes,
    });
    return (after as RowOf<Table> | undefined) ?? before;
  });
}

/** Archives (hides from pickers, keeps the history) or restores a contact. */
export function setContactArchived<Table extends ContactTable>(
  ctx: ServiceContext,
  kind: ContactKind<Table>,
  businessId: string,
  contactId: string,
  archived: boolean,
): Promise<RowOf<Table>> {
  return inTransaction(ctx, async (tx) => {
    const before = await lockContact(tx, kind, businessId, contactId);
    if (Boolean(before.archivedAt) === archived) return before;
    const archivedAt = archived ? ctx.now() : null;
    const table = tableOf(kind);
    const [after] = await tx.update(table).set({ archivedAt }).where(eq(table.id, before.id)).returning();
    await recordActivity(tx, ctx.actor, {
      action: archived ? `${kind.entity}.archived` : `${kind.entity}.restored`,
      entityType: kind.entity,
      entityId: before.id,
      changes: diffChanges<RowOf<Table>>(before, { archivedAt } as Partial<RowOf<Table>>, kind.fields),
    });
    return (after as RowOf<Table> | undefined) ?? before;
  });
}

/**
 * Deletes a contact nothing refers to. `refusal` says why not (in words for the person) when records still
 * name it; a table added later that restricts the delete answers the same way, through its foreign key.
 */
export async function deleteContact<Table extends ContactTable>(
  ctx: ServiceContext,
  kind: ContactKind<Table>,
  businessId: string,
  contactId: string,
  refusal: (tx: DbOrTx, before: RowOf<Table>) => Promise<string | null>,
  metadata: (before: RowOf<Table>) => Record<string, unknown>,
): Promise<{ ok: true }> {
  try {
    return await inTransaction(ctx, async (tx) => {
      const before = await lockContact(tx, kind, businessId, contactId);
      const reason = await refusal(tx, before);
      if (reason) throw new AppError("PRECONDITION_FAILED", reason);
      const table = tableOf(kind);
      await tx.delete(table).where(eq(table.id, before.id));
      await recordActivity(tx, ctx.actor, {
        action: `${kind.entity}.deleted`,
        entityType: kind.entity,
        entityId: before.id,
        metadata: metadata(before),
      });
      return { ok: true as const };
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new AppError(
        "PRECONDITION_FAILED",
        `This ${kind.entity} has records that refer to it; archive it instead of deleting`,
      );
    }
    throw error;
  }
}
