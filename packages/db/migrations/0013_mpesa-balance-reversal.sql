CREATE TYPE "public"."mpesa_balance_status" AS ENUM('requested', 'sent', 'received', 'failed');--> statement-breakpoint
CREATE TYPE "public"."mpesa_reversal_status" AS ENUM('awaiting_approval', 'rejected', 'approved', 'sending', 'sent', 'confirming', 'reversed', 'failed');--> statement-breakpoint
ALTER TYPE "public"."mpesa_callback_kind" ADD VALUE 'balance_result';--> statement-breakpoint
ALTER TYPE "public"."mpesa_callback_kind" ADD VALUE 'balance_timeout';--> statement-breakpoint
ALTER TYPE "public"."mpesa_callback_kind" ADD VALUE 'reversal_result';--> statement-breakpoint
ALTER TYPE "public"."mpesa_callback_kind" ADD VALUE 'reversal_timeout';--> statement-breakpoint
ALTER TYPE "public"."mpesa_payment_status" ADD VALUE 'reversed';--> statement-breakpoint
CREATE TABLE "mpesa_balance_queries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"status" "mpesa_balance_status" DEFAULT 'requested' NOT NULL,
	"requested_by_user_id" uuid,
	"conversation_id" varchar(100),
	"originator_conversation_id" varchar(100),
	"accounts" jsonb,
	"as_of" timestamp (3) with time zone,
	"failure_reason" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mpesa_reversals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"mpesa_payment_id" uuid NOT NULL,
	"receipt" varchar(30) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) DEFAULT 'KES' NOT NULL,
	"reason" varchar(100) NOT NULL,
	"status" "mpesa_reversal_status" DEFAULT 'awaiting_approval' NOT NULL,
	"requested_by_user_id" uuid,
	"decided_by_user_id" uuid,
	"decided_at" timestamp (3) with time zone,
	"rejection_reason" text,
	"conversation_id" varchar(100),
	"originator_conversation_id" varchar(100),
	"claimed_result" varchar(40),
	"status_conversation_id" varchar(100),
	"reversal_receipt" varchar(30),
	"failure_reason" text,
	"transaction_id" uuid,
	"completed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mpesa_balance_queries" ADD CONSTRAINT "mpesa_balance_queries_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_balance_queries" ADD CONSTRAINT "mpesa_balance_queries_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_reversals" ADD CONSTRAINT "mpesa_reversals_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_reversals" ADD CONSTRAINT "mpesa_reversals_mpesa_payment_id_mpesa_payments_id_fk" FOREIGN KEY ("mpesa_payment_id") REFERENCES "public"."mpesa_payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_reversals" ADD CONSTRAINT "mpesa_reversals_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_reversals" ADD CONSTRAINT "mpesa_reversals_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_reversals" ADD CONSTRAINT "mpesa_reversals_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mpesa_balance_queries_business_idx" ON "mpesa_balance_queries" USING btree ("business_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "mpesa_reversals_live_payment_key" ON "mpesa_reversals" USING btree ("mpesa_payment_id") WHERE "mpesa_reversals"."status" not in ('rejected', 'failed');--> statement-breakpoint
CREATE INDEX "mpesa_reversals_business_created_idx" ON "mpesa_reversals" USING btree ("business_id","created_at" DESC NULLS LAST);