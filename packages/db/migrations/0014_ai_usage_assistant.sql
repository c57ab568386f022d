CREATE TABLE "ai_allowances" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"assistant_monthly_tokens" integer NOT NULL,
	"note" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ai_usage_daily" DROP CONSTRAINT "ai_usage_daily_business_id_day_pk";--> statement-breakpoint
ALTER TABLE "ai_usage_daily" ADD COLUMN "feature" text DEFAULT 'categorisation' NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_usage_daily" ADD COLUMN "cost_micro_usd" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_usage_daily" ADD CONSTRAINT "ai_usage_daily_business_id_day_feature_pk" PRIMARY KEY("business_id","day","feature");--> statement-breakpoint
ALTER TABLE "ai_allowances" ADD CONSTRAINT "ai_allowances_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;