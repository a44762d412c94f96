CREATE TABLE "framework" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_org_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "framework_event" (
	"id" text PRIMARY KEY NOT NULL,
	"framework_id" text NOT NULL,
	"ref" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" text,
	"actor_name" text,
	"action" text NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "framework_mapping" (
	"from_ref" text NOT NULL,
	"to_ref" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "framework_mapping_from_ref_to_ref_pk" PRIMARY KEY("from_ref","to_ref")
);
--> statement-breakpoint
CREATE TABLE "framework_version" (
	"ref" text PRIMARY KEY NOT NULL,
	"framework_id" text NOT NULL,
	"version" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"document" jsonb NOT NULL,
	"content_hash" text,
	"based_on" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	CONSTRAINT "framework_version_status_check" CHECK ("framework_version"."status" in ('draft', 'published')),
	CONSTRAINT "framework_version_published_hash" CHECK ("framework_version"."status" = 'draft' or "framework_version"."content_hash" is not null)
);
--> statement-breakpoint
ALTER TABLE "framework" ADD CONSTRAINT "framework_owner_org_id_organization_id_fk" FOREIGN KEY ("owner_org_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_event" ADD CONSTRAINT "framework_event_framework_id_framework_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."framework"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_mapping" ADD CONSTRAINT "framework_mapping_from_ref_framework_version_ref_fk" FOREIGN KEY ("from_ref") REFERENCES "public"."framework_version"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_mapping" ADD CONSTRAINT "framework_mapping_to_ref_framework_version_ref_fk" FOREIGN KEY ("to_ref") REFERENCES "public"."framework_version"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_mapping" ADD CONSTRAINT "framework_mapping_updated_by_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_version" ADD CONSTRAINT "framework_version_framework_id_framework_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."framework"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_version" ADD CONSTRAINT "framework_version_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_version" ADD CONSTRAINT "framework_version_published_by_user_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "framework_owner_idx" ON "framework" USING btree ("owner_org_id");--> statement-breakpoint
CREATE INDEX "framework_event_framework_idx" ON "framework_event" USING btree ("framework_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "framework_version_unique" ON "framework_version" USING btree ("framework_id","version");--> statement-breakpoint
-- A published framework version never changes: a change is a new version.
CREATE OR REPLACE FUNCTION framework_version_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'framework version % is published and cannot change; publish the change as a new version', OLD.ref;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER framework_version_no_change_after_publish BEFORE UPDATE OR DELETE ON framework_version FOR EACH ROW EXECUTE FUNCTION framework_version_frozen();--> statement-breakpoint
CREATE OR REPLACE FUNCTION framework_event_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'framework_event is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER framework_event_no_update BEFORE UPDATE OR DELETE ON framework_event FOR EACH ROW EXECUTE FUNCTION framework_event_append_only();--> statement-breakpoint
-- Campaigns run on published versions only.
CREATE OR REPLACE FUNCTION campaign_framework_published() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM framework_version v WHERE v.ref = NEW.framework_ref AND v.status = 'published') THEN
    RAISE EXCEPTION 'campaign % must use a published framework version; % is not one', NEW.slug, NEW.framework_ref;
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER campaign_framework_published BEFORE INSERT OR UPDATE OF framework_ref ON campaign FOR EACH ROW EXECUTE FUNCTION campaign_framework_published();--> statement-breakpoint

-- Row-level security (see 0009): a ministry reads the shared library's published versions, its
-- own frameworks whole, and the version of every campaign it may see; so do agencies and cities
-- (the versions their campaigns use). Only the owner writes. The shared library belongs to the
-- platform: the app marks a platform admin's transactions (zhiping.platform_admin), and they
-- read and write it whole.
CREATE OR REPLACE FUNCTION zhiping_platform_admin() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('zhiping.platform_admin', true), '') = 'on'
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhiping_writable_frameworks() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT f.id FROM framework f WHERE f.owner_org_id = zhiping_actor_org() OR (f.owner_org_id IS NULL AND zhiping_platform_admin())
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhiping_readable_framework_versions() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT v.ref FROM framework_version v JOIN framework f ON f.id = v.framework_id
  WHERE f.owner_org_id = zhiping_actor_org() OR (f.owner_org_id IS NULL AND (v.status = 'published' OR zhiping_platform_admin()))
  UNION
  SELECT k.framework_ref FROM campaign k WHERE k.id IN (SELECT zhiping_visible_campaigns())
$$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zhiping_platform_admin(), zhiping_writable_frameworks(), zhiping_readable_framework_versions() TO zhiping_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON framework, framework_version, framework_mapping TO zhiping_app;--> statement-breakpoint
GRANT SELECT, INSERT ON framework_event TO zhiping_app;--> statement-breakpoint
REVOKE UPDATE, DELETE ON framework_event FROM zhiping_app;--> statement-breakpoint
ALTER TABLE framework ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- The owner test is on the row itself too: a framework being created (INSERT … RETURNING) is not yet in what the functions see.
CREATE POLICY framework_tenant ON framework FOR ALL TO zhiping_app
  USING (owner_org_id = zhiping_actor_org() OR (owner_org_id IS NULL AND zhiping_platform_admin()) OR id IN (SELECT split_part(r, '@', 1) FROM zhiping_readable_framework_versions() r))
  WITH CHECK (owner_org_id = zhiping_actor_org() OR (owner_org_id IS NULL AND zhiping_platform_admin()));--> statement-breakpoint
ALTER TABLE framework_version ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY framework_version_tenant ON framework_version FOR ALL TO zhiping_app
  USING (framework_id IN (SELECT zhiping_writable_frameworks()) OR ref IN (SELECT zhiping_readable_framework_versions()))
  WITH CHECK (framework_id IN (SELECT zhiping_writable_frameworks()));--> statement-breakpoint
ALTER TABLE framework_mapping ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY framework_mapping_tenant ON framework_mapping FOR ALL TO zhiping_app
  USING (to_ref IN (SELECT zhiping_readable_framework_versions()) AND from_ref IN (SELECT zhiping_readable_framework_versions()))
  WITH CHECK (split_part(to_ref, '@', 1) IN (SELECT zhiping_writable_frameworks()));--> statement-breakpoint
ALTER TABLE framework_event ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY framework_event_tenant ON framework_event FOR ALL TO zhiping_app
  USING (framework_id IN (SELECT zhiping_writable_frameworks()))
  WITH CHECK (framework_id IN (SELECT zhiping_writable_frameworks()));
