-- Hand-written migration (drizzle-kit generate --custom): drizzle-kit cannot express a GIN index over a column
-- and a trigram expression together, so this file is its only source.

-- Search within one business: the trigram index covered every business's text, so a term common to all of them
-- ("Sale to customer #12") found every business's rows in the index and threw away all but one business's in the
-- heap. With the business id in the same GIN index (btree_gin), the index alone finds that business's matches.
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "transactions_business_search_trgm_idx" ON "transactions"
  USING gin ("business_id", (coalesce("description", '') || ' ' || coalesce("reference_number", '')) gin_trgm_ops);
--> statement-breakpoint
DROP INDEX IF EXISTS "transactions_search_trgm_idx";
