ALTER TABLE "assistant_messages" ADD COLUMN "fallback" varchar(32);--> statement-breakpoint
ALTER TABLE "assistant_messages" ADD COLUMN "notice" text;