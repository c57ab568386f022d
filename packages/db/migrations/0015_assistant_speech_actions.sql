CREATE TABLE "assistant_action_proposals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"business_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"kind" varchar(40) NOT NULL,
	"payload" jsonb NOT NULL,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp (3) with time zone,
	"outcome" jsonb
);
--> statement-breakpoint
CREATE TABLE "assistant_speech" (
	"key" varchar(64) PRIMARY KEY NOT NULL,
	"text" text NOT NULL,
	"language" varchar(8) NOT NULL,
	"voice_id" varchar(80) NOT NULL,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"content_type" varchar(60),
	"audio" "bytea",
	"bytes" integer,
	"error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assistant_action_proposals" ADD CONSTRAINT "assistant_action_proposals_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_action_proposals" ADD CONSTRAINT "assistant_action_proposals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_action_proposals" ADD CONSTRAINT "assistant_action_proposals_conversation_id_assistant_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."assistant_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_action_proposals" ADD CONSTRAINT "assistant_action_proposals_message_id_assistant_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."assistant_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistant_action_proposals_owner_idx" ON "assistant_action_proposals" USING btree ("business_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "assistant_speech_last_used_idx" ON "assistant_speech" USING btree ("last_used_at");