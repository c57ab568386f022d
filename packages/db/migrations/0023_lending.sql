CREATE TYPE "public"."loan_interest_method" AS ENUM('flat', 'reducing_balance');--> statement-breakpoint
CREATE TYPE "public"."kyc_document_kind" AS ENUM('national_id', 'kra_pin_certificate', 'registration_certificate', 'bank_or_mpesa_statement');--> statement-breakpoint
CREATE TYPE "public"."loan_recommendation" AS ENUM('approve', 'decline');--> statement-breakpoint
CREATE TYPE "public"."loan_status" AS ENUM('submitted', 'recommended', 'approved', 'declined', 'disbursing', 'active', 'settled', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."loan_tenor_unit" AS ENUM('month', 'week');--> statement-breakpoint
CREATE SEQUENCE "public"."loan_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1001 CACHE 1;--> statement-breakpoint
CREATE TABLE "lending_officers" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"added_by_user_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_documents" (
	"loan_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"kind" "kyc_document_kind" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_documents_loan_id_file_id_pk" PRIMARY KEY("loan_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "loan_instalments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"due_date" date NOT NULL,
	"principal_minor" bigint NOT NULL,
	"interest_minor" bigint NOT NULL,
	"fee_minor" bigint NOT NULL,
	"penalty_minor" bigint DEFAULT 0 NOT NULL,
	"principal_paid_minor" bigint DEFAULT 0 NOT NULL,
	"interest_paid_minor" bigint DEFAULT 0 NOT NULL,
	"fee_paid_minor" bigint DEFAULT 0 NOT NULL,
	"penalty_paid_minor" bigint DEFAULT 0 NOT NULL,
	"interest_waived_minor" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(80) NOT NULL,
	"description" text,
	"currency" char(3) DEFAULT 'KES' NOT NULL,
	"min_amount_minor" bigint NOT NULL,
	"max_amount_minor" bigint NOT NULL,
	"tenor_unit" "loan_tenor_unit" NOT NULL,
	"min_tenor" integer NOT NULL,
	"max_tenor" integer NOT NULL,
	"interest_method" "loan_interest_method" NOT NULL,
	"annual_interest_rate_bps" integer NOT NULL,
	"fee_rate_bps" integer DEFAULT 0 NOT NULL,
	"fee_fixed_minor" bigint DEFAULT 0 NOT NULL,
	"penalty_rate_bps" integer DEFAULT 0 NOT NULL,
	"penalty_grace_days" integer DEFAULT 0 NOT NULL,
	"min_credit_score" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_repayments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"loan_id" uuid NOT NULL,
	"business_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"principal_minor" bigint NOT NULL,
	"interest_minor" bigint NOT NULL,
	"fee_minor" bigint NOT NULL,
	"penalty_minor" bigint NOT NULL,
	"unapplied_minor" bigint DEFAULT 0 NOT NULL,
	"channel" varchar(20) NOT NULL,
	"reference" varchar(40) NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"number" varchar(20) NOT NULL,
	"product_id" uuid NOT NULL,
	"status" "loan_status" DEFAULT 'submitted' NOT NULL,
	"currency" char(3) NOT NULL,
	"principal_minor" bigint NOT NULL,
	"tenor_count" integer NOT NULL,
	"tenor_unit" "loan_tenor_unit" NOT NULL,
	"interest_method" "loan_interest_method" NOT NULL,
	"annual_interest_rate_bps" integer NOT NULL,
	"fee_rate_bps" integer NOT NULL,
	"fee_fixed_minor" bigint NOT NULL,
	"penalty_rate_bps" integer NOT NULL,
	"penalty_grace_days" integer NOT NULL,
	"purpose" text NOT NULL,
	"payout_phone" varchar(16) NOT NULL,
	"applied_by_user_id" uuid,
	"recommendation" "loan_recommendation",
	"recommendation_reason" text,
	"recommended_by_user_id" uuid,
	"recommended_at" timestamp (3) with time zone,
	"decision_reason" text,
	"decided_by_user_id" uuid,
	"decided_at" timestamp (3) with time zone,
	"decision_support" jsonb,
	"disbursed_at" timestamp (3) with time zone,
	"start_date" date,
	"settled_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lending_officers" ADD CONSTRAINT "lending_officers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lending_officers" ADD CONSTRAINT "lending_officers_added_by_user_id_users_id_fk" FOREIGN KEY ("added_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_documents" ADD CONSTRAINT "loan_documents_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_documents" ADD CONSTRAINT "loan_documents_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_instalments" ADD CONSTRAINT "loan_instalments_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_products" ADD CONSTRAINT "loan_products_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayments" ADD CONSTRAINT "loan_repayments_loan_id_loans_id_fk" FOREIGN KEY ("loan_id") REFERENCES "public"."loans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_repayments" ADD CONSTRAINT "loan_repayments_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_product_id_loan_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."loan_products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_applied_by_user_id_users_id_fk" FOREIGN KEY ("applied_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_recommended_by_user_id_users_id_fk" FOREIGN KEY ("recommended_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loans" ADD CONSTRAINT "loans_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "loan_instalments_loan_number_key" ON "loan_instalments" USING btree ("loan_id","number");--> statement-breakpoint
CREATE INDEX "loan_products_active_idx" ON "loan_products" USING btree ("active");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_repayments_reference_key" ON "loan_repayments" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "loan_repayments_loan_idx" ON "loan_repayments" USING btree ("loan_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "loans_number_key" ON "loans" USING btree ("number");--> statement-breakpoint
CREATE INDEX "loans_business_status_idx" ON "loans" USING btree ("business_id","status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "loans_status_idx" ON "loans" USING btree ("status","created_at");