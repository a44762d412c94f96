CREATE TABLE "report_batch_item" (
	"batch_id" text NOT NULL,
	"file" text NOT NULL,
	"done_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_batch_item_batch_id_file_pk" PRIMARY KEY("batch_id","file")
);
--> statement-breakpoint
ALTER TABLE "report_batch_item" ADD CONSTRAINT "report_batch_item_batch_id_report_batch_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."report_batch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE report_batch_item ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY report_batch_item_tenant ON report_batch_item FOR ALL TO zhiping_app USING (batch_id IN (SELECT id FROM report_batch)) WITH CHECK (batch_id IN (SELECT id FROM report_batch));--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON report_batch_item TO zhiping_app;
