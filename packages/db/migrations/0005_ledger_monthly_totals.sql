CREATE TABLE "ledger_monthly_totals" (
	"business_id" uuid NOT NULL,
	"month" date NOT NULL,
	"type" "transaction_type" NOT NULL,
	"category_id" uuid,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ledger_monthly_totals_key" UNIQUE NULLS NOT DISTINCT("business_id","month","type","category_id")
);
--> statement-breakpoint
ALTER TABLE "ledger_monthly_totals" ADD CONSTRAINT "ledger_monthly_totals_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;