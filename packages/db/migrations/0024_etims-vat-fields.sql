ALTER TABLE "invoice_items" ADD COLUMN "item_classification_code" varchar(10);--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "buyer_pin" varchar(11);--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "etims_cu_serial" varchar(40);--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "etims_cu_invoice_number" varchar(60);--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "etims_signature" varchar(100);--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "etims_internal_data" varchar(200);--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "etims_signed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "vat_minor" bigint;