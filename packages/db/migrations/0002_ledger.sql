CREATE TABLE "ledger_daily_totals" (
	"business_id" uuid NOT NULL,
	"day" date NOT NULL,
	"type" "transaction_type" NOT NULL,
	"category_id" uuid,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ledger_daily_totals_key" UNIQUE NULLS NOT DISTINCT("business_id","day","type","category_id")
);
--> statement-breakpoint
DROP INDEX "transactions_business_customer_idx";--> statement-breakpoint
DROP INDEX "transactions_business_supplier_idx";--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "merged_into_category_id" uuid;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "voided_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "ledger_daily_totals" ADD CONSTRAINT "ledger_daily_totals_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transactions_business_customer_idx" ON "transactions" USING btree ("business_id","customer_id","transaction_date" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_business_supplier_idx" ON "transactions" USING btree ("business_id","supplier_id","transaction_date" DESC NULLS LAST);