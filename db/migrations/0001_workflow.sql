CREATE TABLE "audit_event" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"seq" integer NOT NULL,
	"at" text NOT NULL,
	"actor_user_id" text,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_value" (
	"submission_id" text NOT NULL,
	"indicator_code" text NOT NULL,
	"value" double precision,
	"narrative" text DEFAULT '' NOT NULL,
	"data_source" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_value_submission_id_indicator_code_pk" PRIMARY KEY("submission_id","indicator_code")
);
--> statement-breakpoint
CREATE TABLE "result" (
	"id" text PRIMARY KEY NOT NULL,
	"submission_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"city_org_id" text NOT NULL,
	"framework_ref" text NOT NULL,
	"method" jsonb NOT NULL,
	"engine_version" text NOT NULL,
	"hash" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"scores" jsonb NOT NULL,
	"signed_off_by" text NOT NULL,
	"signed_off_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_value" (
	"submission_id" text NOT NULL,
	"agency_org_id" text NOT NULL,
	"indicator_code" text NOT NULL,
	"decision" text NOT NULL,
	"value" double precision,
	"reason" text DEFAULT '' NOT NULL,
	"reviewed_by" text NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_value_submission_id_agency_org_id_indicator_code_pk" PRIMARY KEY("submission_id","agency_org_id","indicator_code"),
	CONSTRAINT "review_decision_check" CHECK ("review_value"."decision" in ('accepted', 'adjusted', 'returned'))
);
--> statement-breakpoint
CREATE TABLE "submission" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"city_org_id" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "submission_status_check" CHECK ("submission"."status" in ('draft', 'submitted', 'in_review', 'returned', 'resubmitted', 'signed_off', 'withdrawn'))
);
--> statement-breakpoint
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_value" ADD CONSTRAINT "indicator_value_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_value" ADD CONSTRAINT "indicator_value_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result" ADD CONSTRAINT "result_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result" ADD CONSTRAINT "result_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result" ADD CONSTRAINT "result_city_org_id_organization_id_fk" FOREIGN KEY ("city_org_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result" ADD CONSTRAINT "result_signed_off_by_user_id_fk" FOREIGN KEY ("signed_off_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_value" ADD CONSTRAINT "review_value_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_value" ADD CONSTRAINT "review_value_agency_org_id_organization_id_fk" FOREIGN KEY ("agency_org_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_value" ADD CONSTRAINT "review_value_reviewed_by_user_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission" ADD CONSTRAINT "submission_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission" ADD CONSTRAINT "submission_city_org_id_organization_id_fk" FOREIGN KEY ("city_org_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_event_campaign_seq_unique" ON "audit_event" USING btree ("campaign_id","seq");--> statement-breakpoint
CREATE INDEX "audit_event_entity_idx" ON "audit_event" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "result_submission_unique" ON "result" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "result_campaign_idx" ON "result" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "submission_campaign_city_unique" ON "submission" USING btree ("campaign_id","city_org_id");