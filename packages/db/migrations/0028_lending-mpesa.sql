CREATE TYPE "public"."loan_transfer_kind" AS ENUM('disbursement', 'stk', 'paybill');--> statement-breakpoint
CREATE TYPE "public"."loan_transfer_status" AS ENUM('queued', 'sending', 'sent', 'confirming', 'unknown', 'paid', 'failed', 'unmatched');--> statement-breakpoint
CREATE TABLE "lending_callbacks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "mpesa_callback_kind" NOT NULL,
	"dedupe_key" varchar(120) NOT NULL,
	"subject_id" uuid,
	"raw_body" text NOT NULL,
	"source_ip" varchar(64),
	"source_allowed" boolean,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp (3) with time zone,
	"outcome" varchar(60),
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "loan_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid,
	"business_id" uuid,
	"kind" "loan_transfer_kind" NOT NULL,
	"status" "loan_transfer_status" NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) DEFAULT 'KES' NOT NULL,
	"phone" varchar(20),
	"account_reference" varchar(100),
	"originator_conversation_id" varchar(100),
	"conversation_id" varchar(100),
	"checkout_request_id" varchar(100),
	"status_conversation_id" varchar(100),
	"status_queries" integer DEFAULT 0 NOT NULL,
	"claimed_result" varchar(40),
	"claimed_receipt" varchar(40),
	"receipt" varchar(40),
	"payer_name" varchar(200),
	"failure_reason" text,
	"requested_by_user_id" uuid,
	"repayment_id" uuid,
	"transaction_id" uuid,
	"completed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "loan_transfers" ADD CONSTRAINT "loan_transfers_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_transfers" ADD CONSTRAINT "loan_transfers_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_transfers" ADD CONSTRAINT "loan_transfers_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_transfers" ADD CONSTRAINT "loan_transfers_repayment_id_loan_repayments_id_fk" FOREIGN KEY ("repayment_id") REFERENCES "public"."loan_repayments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_transfers" ADD CONSTRAINT "loan_transfers_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lending_callbacks_dedupe_key" ON "lending_callbacks" USING btree ("kind","dedupe_key");--> statement-breakpoint
CREATE INDEX "lending_callbacks_unprocessed_idx" ON "lending_callbacks" USING btree ("received_at") WHERE "lending_callbacks"."processed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "loan_transfers_kind_receipt_key" ON "loan_transfers" USING btree ("kind","receipt") WHERE "loan_transfers"."receipt" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "loan_transfers_originator_key" ON "loan_transfers" USING btree ("originator_conversation_id") WHERE "loan_transfers"."originator_conversation_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "loan_transfers_checkout_key" ON "loan_transfers" USING btree ("checkout_request_id") WHERE "loan_transfers"."checkout_request_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "loan_transfers_one_disbursement_key" ON "loan_transfers" USING btree ("loan_id") WHERE "loan_transfers"."kind" = 'disbursement' and "loan_transfers"."status" <> 'failed';--> statement-breakpoint
CREATE INDEX "loan_transfers_loan_idx" ON "loan_transfers" USING btree ("loan_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "loan_transfers_status_idx" ON "loan_transfers" USING btree ("status","updated_at");