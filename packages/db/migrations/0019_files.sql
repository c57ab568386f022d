CREATE TYPE "public"."file_purpose" AS ENUM('transaction_attachment', 'receipt', 'business_logo', 'kyc_document');--> statement-breakpoint
CREATE TYPE "public"."file_status" AS ENUM('pending', 'ready', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."receipt_scan_status" AS ENUM('queued', 'read', 'failed', 'confirmed', 'discarded');--> statement-breakpoint
CREATE TABLE "file_deletions" (
	"object_key" varchar(300) PRIMARY KEY NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"uploaded_by_user_id" uuid,
	"purpose" "file_purpose" NOT NULL,
	"status" "file_status" DEFAULT 'pending' NOT NULL,
	"object_key" varchar(300) NOT NULL,
	"file_name" varchar(255) NOT NULL,
	"declared_content_type" varchar(100) NOT NULL,
	"content_type" varchar(100),
	"size_bytes" integer NOT NULL,
	"transaction_id" uuid,
	"uploaded_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipt_scans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"created_by_user_id" uuid,
	"status" "receipt_scan_status" DEFAULT 'queued' NOT NULL,
	"engine" varchar(20),
	"merchant" varchar(200),
	"receipt_date" date,
	"total_minor" bigint,
	"vat_minor" bigint,
	"currency" char(3) DEFAULT 'KES' NOT NULL,
	"confidence" real,
	"raw_text" text,
	"error" text,
	"transaction_id" uuid,
	"read_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "businesses" ADD COLUMN "logo_file_id" uuid;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_scans" ADD CONSTRAINT "receipt_scans_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_scans" ADD CONSTRAINT "receipt_scans_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_scans" ADD CONSTRAINT "receipt_scans_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_scans" ADD CONSTRAINT "receipt_scans_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "files_object_key_key" ON "files" USING btree ("object_key");--> statement-breakpoint
CREATE INDEX "files_business_purpose_idx" ON "files" USING btree ("business_id","purpose","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "files_transaction_idx" ON "files" USING btree ("transaction_id") WHERE "files"."transaction_id" is not null;--> statement-breakpoint
CREATE INDEX "receipt_scans_business_idx" ON "receipt_scans" USING btree ("business_id","created_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "businesses" ADD CONSTRAINT "businesses_logo_file_id_files_id_fk" FOREIGN KEY ("logo_file_id") REFERENCES "public"."files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Whenever a files row goes (deleted itself, or with its business or transaction), its object is queued for removal
-- from storage in the same transaction; the sweeper (deleteQueuedObjects) removes the object, then the queue row.
CREATE FUNCTION "queue_file_object_deletion"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "file_deletions" ("object_key") VALUES (OLD."object_key") ON CONFLICT DO NOTHING;
  RETURN OLD;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "files_queue_object_deletion" AFTER DELETE ON "files"
  FOR EACH ROW EXECUTE FUNCTION "queue_file_object_deletion"();
