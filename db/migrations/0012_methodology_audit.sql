CREATE TABLE "result_audit" (
	"campaign_id" text NOT NULL,
	"result_hash" text NOT NULL,
	"status" text NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"audit" jsonb,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "result_audit_campaign_id_result_hash_pk" PRIMARY KEY("campaign_id","result_hash"),
	CONSTRAINT "result_audit_status_check" CHECK ("result_audit"."status" in ('running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "campaign" ADD COLUMN "audit_space" jsonb;--> statement-breakpoint
ALTER TABLE "result_audit" ADD CONSTRAINT "result_audit_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A standing's audit is cohort-level, like the result it is computed from: whoever may see the campaign reads it (see 0009).
ALTER TABLE result_audit ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON result_audit TO zhiping_app;--> statement-breakpoint
CREATE POLICY result_audit_tenant ON result_audit FOR ALL TO zhiping_app USING (campaign_id IN (SELECT zhiping_visible_campaigns())) WITH CHECK (campaign_id IN (SELECT zhiping_owned_campaigns()));
