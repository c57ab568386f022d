ALTER TYPE "public"."mpesa_payment_status" ADD VALUE 'confirming' BEFORE 'applied';--> statement-breakpoint
ALTER TYPE "public"."mpesa_payout_status" ADD VALUE 'confirming' BEFORE 'paid';--> statement-breakpoint
ALTER TYPE "public"."mpesa_request_status" ADD VALUE 'confirming' BEFORE 'paid';--> statement-breakpoint
ALTER TABLE "mpesa_callbacks" ADD COLUMN "source_allowed" boolean;--> statement-breakpoint
ALTER TABLE "mpesa_payments" ADD COLUMN "confirmation_conversation_id" varchar(100);--> statement-breakpoint
ALTER TABLE "mpesa_payments" ADD COLUMN "confirmation_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "mpesa_payments" ADD COLUMN "confirmed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "mpesa_payouts" ADD COLUMN "status_conversation_id" varchar(100);--> statement-breakpoint
ALTER TABLE "mpesa_payouts" ADD COLUMN "claimed_result" varchar(40);--> statement-breakpoint
CREATE INDEX "mpesa_callbacks_subject_idx" ON "mpesa_callbacks" USING btree ("subject_id") WHERE "mpesa_callbacks"."subject_id" is not null;