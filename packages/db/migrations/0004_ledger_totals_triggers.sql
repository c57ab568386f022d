-- Hand-written migration (drizzle-kit generate --custom). When migrations are regenerated on a merge, create a
-- custom migration after the one that creates ledger_daily_totals and ledger_monthly_totals, and paste this
-- file into it.

-- Free-text search over description and reference (ILIKE '%…%' uses a trigram index).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "transactions_search_trgm_idx" ON "transactions"
  USING gin ((coalesce("description", '') || ' ' || coalesce("reference_number", '')) gin_trgm_ops);
--> statement-breakpoint

-- One delta into the daily and monthly totals, on the business's local calendar.
CREATE OR REPLACE FUNCTION ledger_apply_daily_total(
  p_business uuid, p_at timestamptz, p_type transaction_type, p_category uuid, p_amount bigint, p_count integer
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  zone text;
  local_day date;
BEGIN
  SELECT timezone INTO zone FROM businesses WHERE id = p_business;
  IF zone IS NULL THEN
    RETURN; -- the business is being deleted; its totals go with it
  END IF;
  local_day := (p_at AT TIME ZONE zone)::date;
  INSERT INTO ledger_daily_totals AS totals (business_id, day, type, category_id, amount_minor, count)
  VALUES (p_business, local_day, p_type, p_category, p_amount, p_count)
  ON CONFLICT ON CONSTRAINT ledger_daily_totals_key DO UPDATE
    SET amount_minor = totals.amount_minor + excluded.amount_minor,
        count = totals.count + excluded.count;
  INSERT INTO ledger_monthly_totals AS totals (business_id, month, type, category_id, amount_minor, count)
  VALUES (p_business, date_trunc('month', local_day::timestamp)::date, p_type, p_category, p_amount, p_count)
  ON CONFLICT ON CONSTRAINT ledger_monthly_totals_key DO UPDATE
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

-- Recomputes one business's daily and monthly totals from its transactions (a time-zone change, a bulk load, a repair).
CREATE OR REPLACE FUNCTION ledger_rebuild_daily_totals(p_business uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM ledger_daily_totals WHERE business_id = p_business;
  INSERT INTO ledger_daily_totals (business_id, day, type, category_id, amount_minor, count)
  SELECT t.business_id, (t.transaction_date AT TIME ZONE b.timezone)::date, t.type, t.category_id,
         sum(t.base_amount_minor), count(*)
  FROM transactions t JOIN businesses b ON b.id = t.business_id
  WHERE t.business_id = p_business AND t.status = 'completed'
  GROUP BY 1, 2, 3, 4;
  DELETE FROM ledger_monthly_totals WHERE business_id = p_business;
  INSERT INTO ledger_monthly_totals (business_id, month, type, category_id, amount_minor, count)
  SELECT business_id, date_trunc('month', day::timestamp)::date, type, category_id, sum(amount_minor), sum(count)
  FROM ledger_daily_totals
  WHERE business_id = p_business
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
--> statement-breakpoint

-- Businesses created before default categories existed get them too (the business-created hook does it
-- for new ones). Nothing happens for a business that already has a category with the same key.
INSERT INTO categories (business_id, kind, name, system_key, color, is_default)
SELECT b.id, d.kind, d.name, d.system_key, d.color, true
FROM businesses b
CROSS JOIN (VALUES
    ('sales', 'income'::category_kind, 'Sales', '#15803d'),
    ('services', 'income'::category_kind, 'Services', '#0f766e'),
    ('other_income', 'income'::category_kind, 'Other income', '#65a30d'),
    ('stock_purchases', 'expense'::category_kind, 'Stock purchases', '#b45309'),
    ('rent', 'expense'::category_kind, 'Rent', '#7c3aed'),
    ('salaries', 'expense'::category_kind, 'Salaries and wages', '#be185d'),
    ('transport_fuel', 'expense'::category_kind, 'Transport and fuel', '#c2410c'),
    ('airtime_data', 'expense'::category_kind, 'Airtime and data', '#0891b2'),
    ('utilities', 'expense'::category_kind, 'Utilities', '#2563eb'),
    ('mpesa_charges', 'expense'::category_kind, 'M-Pesa and bank charges', '#16a34a'),
    ('tax_vat', 'expense'::category_kind, 'Taxes: VAT', '#dc2626'),
    ('tax_paye', 'expense'::category_kind, 'Taxes: PAYE', '#b91c1c'),
    ('tax_turnover', 'expense'::category_kind, 'Taxes: turnover tax', '#991b1b'),
    ('loan_repayments', 'expense'::category_kind, 'Loan repayments', '#4338ca'),
    ('marketing', 'expense'::category_kind, 'Marketing', '#db2777'),
    ('equipment', 'expense'::category_kind, 'Equipment', '#475569'),
    ('other_expenses', 'expense'::category_kind, 'Other expenses', '#6b7280')
) AS d(system_key, kind, name, color)
ON CONFLICT DO NOTHING;
