-- Hand-written migration (drizzle-kit generate --custom), after the one creating ledger_monthly_totals.
-- The daily-totals trigger (0003_ledger_daily_totals) now keeps monthly totals too; existing data is carried
-- over, and businesses created before default categories existed get them. Hand-written: this file is the
-- trigger's only source.

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

-- Monthly totals for what was booked before they existed.
INSERT INTO ledger_monthly_totals (business_id, month, type, category_id, amount_minor, count)
SELECT business_id, date_trunc('month', day::timestamp)::date, type, category_id, sum(amount_minor), sum(count)
FROM ledger_daily_totals
GROUP BY 1, 2, 3, 4
ON CONFLICT ON CONSTRAINT ledger_monthly_totals_key DO NOTHING;
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
