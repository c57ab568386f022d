CREATE TABLE "credit_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"code" varchar(32) NOT NULL,
	"business_name" varchar(255) NOT NULL,
	"score" integer NOT NULL,
	"band" varchar(20) NOT NULL,
	"model_version" varchar(40) NOT NULL,
	"issued_on" date NOT NULL,
	"issued_by_user_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"month" date NOT NULL,
	"model_version" varchar(40) NOT NULL,
	"score" integer,
	"band" varchar(20),
	"result" jsonb NOT NULL,
	"computed_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forecast_settings" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"threshold_minor" bigint,
	"alert_episode_started_at" timestamp (3) with time zone,
	"alerted_crossing_on" date,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forecasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"model_version" varchar(40) NOT NULL,
	"currency" varchar(3) NOT NULL,
	"start_balance_minor" bigint NOT NULL,
	"inputs" jsonb NOT NULL,
	"inputs_summary" jsonb NOT NULL,
	"points" jsonb NOT NULL,
	"events" jsonb NOT NULL,
	"lowest_balance_minor" bigint NOT NULL,
	"lowest_on" date NOT NULL,
	"computed_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_reports" ADD CONSTRAINT "credit_reports_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_reports" ADD CONSTRAINT "credit_reports_issued_by_user_id_users_id_fk" FOREIGN KEY ("issued_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_scores" ADD CONSTRAINT "credit_scores_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_settings" ADD CONSTRAINT "forecast_settings_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_reports_code_key" ON "credit_reports" USING btree ("code");--> statement-breakpoint
CREATE INDEX "credit_reports_business_idx" ON "credit_reports" USING btree ("business_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "credit_scores_business_month_key" ON "credit_scores" USING btree ("business_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "forecasts_business_day_key" ON "forecasts" USING btree ("business_id","as_of");