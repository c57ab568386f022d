-- Hand-written migration (drizzle-kit generate --custom): drizzle-kit cannot express the extension, the
-- trigram index or the totals trigger, so this file is their only source.

-- Free-text search over description and reference (ILIKE '%…%' uses a trigram index).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "transactions_search_trgm_idx" ON "transactions"
  USING gin ((coalesce("description", '') || ' ' || coalesce("reference_number", '')) gin_trgm_ops);
--> statement-breakpoint

-- One delta into the daily totals, on the business's local calendar.
CREATE OR REPLACE FUNCTION ledger_apply_daily_total(
  p_business uuid, p_at timestamptz, p_type transaction_type, p_category uuid, p_amount bigint, p_count integer
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  zone text;
BEGIN
  SELECT timezone INTO zone FROM businesses WHERE id = p_business;
  IF zone IS NULL THEN
    RETURN; -- the business is being deleted; its totals go with it
  END IF;
  INSERT INTO ledger_daily_totals AS totals (business_id, day, type, category_id, amount_minor, count)
  VALUES (p_business, (p_at AT TIME ZONE zone)::date, p_type, p_category, p_amount, p_count)
  ON CONFLICT ON CONSTRAINT ledger_daily_totals_key DO UPDATE
    SET amount_minor = totals.amount_minor + excluded.amount_minor,
        count = totals.count + excluded.count;
END;
$$;
--> statement-breakpoint

-- Completed transactions count; pending and void ones do not.
CREATE OR REPLACE FUNCTION transactions_maintain_daily_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'completed' THEN
    PERFORM ledger_apply_daily_total(
      OLD.business_id, OLD.transaction_date, OLD.type, OLD.category_id, -OLD.base_amount_minor, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'completed' THEN
    PERFORM ledger_apply_daily_total(
      NEW.business_id, NEW.transaction_date, NEW.type, NEW.category_id, NEW.base_amount_minor, 1);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint

-- Deferred to commit, so a busy total (every M-Pesa sale lands on today's "Sales") is locked only while
-- the writing transaction commits, not for its whole length.
CREATE CONSTRAINT TRIGGER "transactions_daily_totals_insert" AFTER INSERT ON "transactions"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.status = 'completed')
  EXECUTE FUNCTION transactions_maintain_daily_totals();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "transactions_daily_totals_update"
  AFTER UPDATE OF "status", "base_amount_minor", "transaction_date", "type", "category_id", "business_id"
  ON "transactions"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (
    (OLD.status = 'completed' OR NEW.status = 'completed') AND (
      OLD.status IS DISTINCT FROM NEW.status OR OLD.base_amount_minor IS DISTINCT FROM NEW.base_amount_minor
      OR OLD.transaction_date IS DISTINCT FROM NEW.transaction_date OR OLD.type IS DISTINCT FROM NEW.type
      OR OLD.category_id IS DISTINCT FROM NEW.category_id OR OLD.business_id IS DISTINCT FROM NEW.business_id
    )
  )
  EXECUTE FUNCTION transactions_maintain_daily_totals();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "transactions_daily_totals_delete" AFTER DELETE ON "transactions"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.status = 'completed')
  EXECUTE FUNCTION transactions_maintain_daily_totals();
--> statement-breakpoint

-- Recomputes one business's totals from its transactions (a time-zone change, a bulk load, a repair).
CREATE OR REPLACE FUNCTION ledger_rebuild_daily_totals(p_business uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM ledger_daily_totals WHERE business_id = p_business;
  INSERT INTO ledger_daily_totals (business_id, day, type, category_id, amount_minor, count)
  SELECT t.business_id, (t.transaction_date AT TIME ZONE b.timezone)::date, t.type, t.category_id,
         sum(t.base_amount_minor), count(*)
  FROM transactions t JOIN businesses b ON b.id = t.business_id
  WHERE t.business_id = p_business AND t.status = 'completed'
  GROUP BY 1, 2, 3, 4;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION businesses_rebuild_daily_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_rebuild_daily_totals(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "businesses_timezone_daily_totals" AFTER UPDATE OF "timezone" ON "businesses"
  FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone)
  EXECUTE FUNCTION businesses_rebuild_daily_totals();
