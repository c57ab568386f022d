CREATE TYPE "public"."data_export_kind" AS ENUM('account', 'business');--> statement-breakpoint
CREATE TYPE "public"."data_export_status" AS ENUM('queued', 'building', 'ready', 'failed', 'expired');--> statement-breakpoint
CREATE TABLE "data_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "data_export_kind" NOT NULL,
	"requested_by_user_id" uuid NOT NULL,
	"business_id" uuid,
	"status" "data_export_status" DEFAULT 'queued' NOT NULL,
	"object_key" varchar(300),
	"size_bytes" bigint,
	"error" text,
	"started_at" timestamp (3) with time zone,
	"completed_at" timestamp (3) with time zone,
	"expires_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduled_report_sends" (
	"business_id" uuid NOT NULL,
	"kind" varchar(30) NOT NULL,
	"period" varchar(10) NOT NULL,
	"recipients" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scheduled_report_sends_business_id_kind_period_pk" PRIMARY KEY("business_id","kind","period")
);
--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "deletion_requested_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "deletion_requested_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "delete_after" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_report_sends" ADD CONSTRAINT "scheduled_report_sends_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_exports_user_idx" ON "data_exports" USING btree ("requested_by_user_id","created_at");--> statement-breakpoint
CREATE INDEX "data_exports_business_idx" ON "data_exports" USING btree ("business_id","created_at");--> statement-breakpoint
ALTER TABLE "businesses" ADD CONSTRAINT "businesses_deletion_requested_by_user_id_users_id_fk" FOREIGN KEY ("deletion_requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;