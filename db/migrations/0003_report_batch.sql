CREATE TABLE "report_batch" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"requested_by" text NOT NULL,
	"locale" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"total" integer NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"error" text,
	"storage_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_batch_status_check" CHECK ("report_batch"."status" in ('running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "report_batch" ADD CONSTRAINT "report_batch_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_batch" ADD CONSTRAINT "report_batch_requested_by_user_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_batch_campaign_idx" ON "report_batch" USING btree ("campaign_id","created_at");