CREATE TABLE "survey" (
	"campaign_id" text PRIMARY KEY NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"quotas" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scheduled_by" text NOT NULL,
	"frozen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_estimate" (
	"campaign_id" text NOT NULL,
	"city_org_id" text NOT NULL,
	"indicator_code" text NOT NULL,
	"n" integer NOT NULL,
	"n_effective" double precision NOT NULL,
	"value" double precision,
	"lower" double precision,
	"upper" double precision,
	"method" text NOT NULL,
	"weighted" boolean NOT NULL,
	"below_minimum" boolean NOT NULL,
	"received" integer NOT NULL,
	"excluded" jsonb NOT NULL,
	"responses_sha256" text NOT NULL,
	"frozen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_estimate_campaign_id_city_org_id_indicator_code_pk" PRIMARY KEY("campaign_id","city_org_id","indicator_code")
);
--> statement-breakpoint
CREATE TABLE "survey_margin" (
	"campaign_id" text NOT NULL,
	"city_org_id" text NOT NULL,
	"margins" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_margin_campaign_id_city_org_id_pk" PRIMARY KEY("campaign_id","city_org_id")
);
--> statement-breakpoint
CREATE TABLE "survey_rate_limit" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_response" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"city_org_id" text NOT NULL,
	"device_hash" text NOT NULL,
	"answers" jsonb NOT NULL,
	"profile" jsonb NOT NULL,
	"seconds_taken" integer NOT NULL,
	"rejection" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_response_rejection_check" CHECK ("survey_response"."rejection" in ('honeypot', 'too_fast'))
);
--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_scheduled_by_user_id_fk" FOREIGN KEY ("scheduled_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_estimate" ADD CONSTRAINT "survey_estimate_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_estimate" ADD CONSTRAINT "survey_estimate_city_org_id_organization_id_fk" FOREIGN KEY ("city_org_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_margin" ADD CONSTRAINT "survey_margin_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_margin" ADD CONSTRAINT "survey_margin_city_org_id_organization_id_fk" FOREIGN KEY ("city_org_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_campaign_id_campaign_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaign"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_city_org_id_organization_id_fk" FOREIGN KEY ("city_org_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_response_device_unique" ON "survey_response" USING btree ("campaign_id","city_org_id","device_hash");--> statement-breakpoint
CREATE INDEX "survey_response_city_idx" ON "survey_response" USING btree ("campaign_id","city_org_id","received_at");--> statement-breakpoint
ALTER TABLE survey ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY survey_tenant ON survey FOR ALL TO zhiping_app USING (campaign_id IN (SELECT zhiping_visible_campaigns())) WITH CHECK (campaign_id IN (SELECT zhiping_owned_campaigns()));--> statement-breakpoint
ALTER TABLE survey_margin ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY survey_margin_tenant ON survey_margin FOR ALL TO zhiping_app USING ((campaign_id, city_org_id) IN (SELECT * FROM zhiping_visible_cities())) WITH CHECK (campaign_id IN (SELECT zhiping_owned_campaigns()));--> statement-breakpoint
-- The address counter is the public form's alone (the owner role).
ALTER TABLE survey_rate_limit ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
REVOKE ALL ON survey_rate_limit FROM zhiping_app;--> statement-breakpoint
-- Answers arrive from anonymous citizens through the public form (the owner role); a tenant only reads its visible cities' and never writes one.
ALTER TABLE survey_response ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY survey_response_tenant ON survey_response FOR SELECT TO zhiping_app USING ((campaign_id, city_org_id) IN (SELECT * FROM zhiping_visible_cities()));--> statement-breakpoint
GRANT SELECT ON survey_response TO zhiping_app;--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON survey_response FROM zhiping_app;--> statement-breakpoint
-- A frozen estimate is read as the city's data (visible cities); once the ranking is published the app shows the cohort's.
ALTER TABLE survey_estimate ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY survey_estimate_tenant ON survey_estimate FOR ALL TO zhiping_app USING (campaign_id IN (SELECT zhiping_visible_campaigns())) WITH CHECK (campaign_id IN (SELECT zhiping_owned_campaigns()));--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON survey, survey_margin, survey_estimate TO zhiping_app;
