CREATE TYPE "public"."mpesa_account_type" AS ENUM('paybill', 'till');--> statement-breakpoint
CREATE TYPE "public"."mpesa_c2b_validation" AS ENUM('accept_all', 'known_references');--> statement-breakpoint
CREATE TYPE "public"."mpesa_callback_kind" AS ENUM('stk', 'c2b_validation', 'c2b_confirmation', 'b2c_result', 'b2c_timeout', 'status_result', 'status_timeout');--> statement-breakpoint
CREATE TYPE "public"."mpesa_environment" AS ENUM('sandbox', 'production');--> statement-breakpoint
CREATE TYPE "public"."mpesa_payment_status" AS ENUM('applied', 'unreconciled', 'booked');--> statement-breakpoint
CREATE TYPE "public"."mpesa_payout_status" AS ENUM('awaiting_approval', 'rejected', 'approved', 'sending', 'sent', 'unknown', 'paid', 'failed');--> statement-breakpoint
CREATE TYPE "public"."mpesa_request_status" AS ENUM('requested', 'pending', 'unknown', 'paid', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "mpesa_callbacks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"kind" "mpesa_callback_kind" NOT NULL,
	"dedupe_key" varchar(120) NOT NULL,
	"subject_id" uuid,
	"raw_body" text NOT NULL,
	"source_ip" varchar(64),
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp (3) with time zone,
	"outcome" varchar(60),
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "mpesa_payment_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"invoice_id" uuid,
	"customer_id" uuid,
	"phone" varchar(12) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) DEFAULT 'KES' NOT NULL,
	"account_reference" varchar(12) NOT NULL,
	"description" varchar(13) NOT NULL,
	"status" "mpesa_request_status" DEFAULT 'requested' NOT NULL,
	"origin" varchar(20) DEFAULT 'dashboard' NOT NULL,
	"checkout_request_id" varchar(100),
	"merchant_request_id" varchar(100),
	"result_code" integer,
	"result_desc" text,
	"failure_reason" text,
	"receipt" varchar(30),
	"paid_amount_minor" bigint,
	"paid_at" timestamp (3) with time zone,
	"settled_by" varchar(20),
	"settled_at" timestamp (3) with time zone,
	"query_attempts" integer DEFAULT 0 NOT NULL,
	"last_queried_at" timestamp (3) with time zone,
	"requested_by_user_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mpesa_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"source" varchar(10) NOT NULL,
	"receipt" varchar(30),
	"payment_request_id" uuid,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) DEFAULT 'KES' NOT NULL,
	"paid_at" timestamp (3) with time zone NOT NULL,
	"bill_ref_number" varchar(100),
	"msisdn" varchar(100),
	"phone" varchar(12),
	"payer_name" varchar(200),
	"shortcode" varchar(20),
	"status" "mpesa_payment_status" NOT NULL,
	"matched_by" varchar(30),
	"invoice_id" uuid,
	"customer_id" uuid,
	"transaction_id" uuid,
	"unreconciled_reason" text,
	"resolved_by_user_id" uuid,
	"resolved_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mpesa_payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"purpose" varchar(20) NOT NULL,
	"supplier_id" uuid,
	"customer_id" uuid,
	"phone" varchar(12) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) DEFAULT 'KES' NOT NULL,
	"remarks" varchar(100) NOT NULL,
	"status" "mpesa_payout_status" DEFAULT 'awaiting_approval' NOT NULL,
	"requested_by_user_id" uuid,
	"decided_by_user_id" uuid,
	"decided_at" timestamp (3) with time zone,
	"rejection_reason" text,
	"originator_conversation_id" varchar(100) NOT NULL,
	"conversation_id" varchar(100),
	"receipt" varchar(30),
	"result_code" varchar(30),
	"result_desc" text,
	"failure_reason" text,
	"receiver_name" varchar(200),
	"sent_at" timestamp (3) with time zone,
	"completed_at" timestamp (3) with time zone,
	"status_queries" integer DEFAULT 0 NOT NULL,
	"transaction_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mpesa_settings" (
	"business_id" uuid PRIMARY KEY NOT NULL,
	"account_type" "mpesa_account_type" DEFAULT 'paybill' NOT NULL,
	"shortcode" varchar(20) NOT NULL,
	"store_number" varchar(20),
	"environment" "mpesa_environment" DEFAULT 'sandbox' NOT NULL,
	"consumer_key_ciphertext" text NOT NULL,
	"consumer_secret_ciphertext" text NOT NULL,
	"passkey_ciphertext" text NOT NULL,
	"consumer_key_hint" varchar(8) NOT NULL,
	"consumer_secret_hint" varchar(8) NOT NULL,
	"passkey_hint" varchar(8) NOT NULL,
	"initiator_name" varchar(100),
	"initiator_credential_ciphertext" text,
	"initiator_credential_kind" varchar(30),
	"initiator_credential_hint" varchar(8),
	"b2c_shortcode" varchar(20),
	"c2b_validation" "mpesa_c2b_validation" DEFAULT 'accept_all' NOT NULL,
	"callback_token_hash" char(64) NOT NULL,
	"callback_token_ciphertext" text NOT NULL,
	"callback_token_rotated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"c2b_registered_at" timestamp (3) with time zone,
	"c2b_registered_confirmation_url" text,
	"last_tested_at" timestamp (3) with time zone,
	"last_test_ok" boolean,
	"last_test_message" text,
	"updated_by_user_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mpesa_callbacks" ADD CONSTRAINT "mpesa_callbacks_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payment_requests" ADD CONSTRAINT "mpesa_payment_requests_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payment_requests" ADD CONSTRAINT "mpesa_payment_requests_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payment_requests" ADD CONSTRAINT "mpesa_payment_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payment_requests" ADD CONSTRAINT "mpesa_payment_requests_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payments" ADD CONSTRAINT "mpesa_payments_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payments" ADD CONSTRAINT "mpesa_payments_payment_request_id_mpesa_payment_requests_id_fk" FOREIGN KEY ("payment_request_id") REFERENCES "public"."mpesa_payment_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payments" ADD CONSTRAINT "mpesa_payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payments" ADD CONSTRAINT "mpesa_payments_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payments" ADD CONSTRAINT "mpesa_payments_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payments" ADD CONSTRAINT "mpesa_payments_resolved_by_user_id_users_id_fk" FOREIGN KEY ("resolved_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payouts" ADD CONSTRAINT "mpesa_payouts_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payouts" ADD CONSTRAINT "mpesa_payouts_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payouts" ADD CONSTRAINT "mpesa_payouts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payouts" ADD CONSTRAINT "mpesa_payouts_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payouts" ADD CONSTRAINT "mpesa_payouts_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_payouts" ADD CONSTRAINT "mpesa_payouts_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_settings" ADD CONSTRAINT "mpesa_settings_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mpesa_settings" ADD CONSTRAINT "mpesa_settings_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mpesa_callbacks_dedupe_key" ON "mpesa_callbacks" USING btree ("business_id","kind","dedupe_key");--> statement-breakpoint
CREATE INDEX "mpesa_callbacks_unprocessed_idx" ON "mpesa_callbacks" USING btree ("received_at") WHERE "mpesa_callbacks"."processed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "mpesa_payment_requests_checkout_key" ON "mpesa_payment_requests" USING btree ("business_id","checkout_request_id") WHERE "mpesa_payment_requests"."checkout_request_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "mpesa_payment_requests_receipt_key" ON "mpesa_payment_requests" USING btree ("business_id","receipt") WHERE "mpesa_payment_requests"."receipt" is not null;--> statement-breakpoint
CREATE INDEX "mpesa_payment_requests_business_created_idx" ON "mpesa_payment_requests" USING btree ("business_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "mpesa_payment_requests_invoice_idx" ON "mpesa_payment_requests" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "mpesa_payment_requests_open_idx" ON "mpesa_payment_requests" USING btree ("created_at") WHERE "mpesa_payment_requests"."status" in ('requested', 'pending', 'unknown');--> statement-breakpoint
CREATE UNIQUE INDEX "mpesa_payments_receipt_key" ON "mpesa_payments" USING btree ("business_id","receipt") WHERE "mpesa_payments"."receipt" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "mpesa_payments_request_key" ON "mpesa_payments" USING btree ("payment_request_id") WHERE "mpesa_payments"."payment_request_id" is not null;--> statement-breakpoint
CREATE INDEX "mpesa_payments_business_paid_idx" ON "mpesa_payments" USING btree ("business_id","paid_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "mpesa_payments_unreconciled_idx" ON "mpesa_payments" USING btree ("business_id","created_at" DESC NULLS LAST) WHERE "mpesa_payments"."status" = 'unreconciled';--> statement-breakpoint
CREATE UNIQUE INDEX "mpesa_payouts_originator_key" ON "mpesa_payouts" USING btree ("originator_conversation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mpesa_payouts_conversation_key" ON "mpesa_payouts" USING btree ("business_id","conversation_id") WHERE "mpesa_payouts"."conversation_id" is not null;--> statement-breakpoint
CREATE INDEX "mpesa_payouts_business_created_idx" ON "mpesa_payouts" USING btree ("business_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "mpesa_payouts_open_idx" ON "mpesa_payouts" USING btree ("updated_at") WHERE "mpesa_payouts"."status" in ('approved', 'sending', 'sent', 'unknown');--> statement-breakpoint
CREATE UNIQUE INDEX "mpesa_settings_callback_token_key" ON "mpesa_settings" USING btree ("callback_token_hash");