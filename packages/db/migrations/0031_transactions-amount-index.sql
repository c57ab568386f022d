CREATE INDEX IF NOT EXISTS "transactions_business_amount_idx" ON "transactions" USING btree ("business_id","base_amount_minor" DESC NULLS LAST,"id" DESC NULLS LAST);
