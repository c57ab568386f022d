ALTER TYPE "public"."failed_sign_in_reason" ADD VALUE 'wrong_current_password';--> statement-breakpoint
ALTER TYPE "public"."session_end_reason" ADD VALUE 'idle_timeout';--> statement-breakpoint
CREATE TABLE "email_verifications" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"email" varchar(254) NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"code_hash" varchar(64) NOT NULL,
	"code_attempts" integer DEFAULT 0 NOT NULL,
	"failed_code_attempts" integer DEFAULT 0 NOT NULL,
	"sign_up_ticket_hash" varchar(64),
	"expires_at" timestamp (3) with time zone NOT NULL,
	"last_sent_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"send_count" integer DEFAULT 1 NOT NULL,
	"verified_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "businesses_legal_name_key";--> statement-breakpoint
ALTER TABLE "email_verifications" ADD CONSTRAINT "email_verifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "email_verifications_token_hash_key" ON "email_verifications" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "email_verifications_ticket_hash_key" ON "email_verifications" USING btree ("sign_up_ticket_hash");--> statement-breakpoint
CREATE INDEX "emails_business_template_idx" ON "emails" USING btree ("business_id","template","created_at");--> statement-breakpoint
-- Avatars are shown to other members: only https addresses from now on, so a page never loads a picture over plain http.
UPDATE "user_profiles" SET "avatar_url" = NULL WHERE "avatar_url" IS NOT NULL AND "avatar_url" NOT LIKE 'https://%';
