-- Row-level security: the database itself keeps each tenant's rows from the others. The app's
-- request code runs as the role zhiping_app, inside a transaction that names the acting
-- organization (set_config('zhiping.org', …, true)); the policies below say the same as decide()
-- at the tenancy level: a ministry its own campaigns, a city its own data, an agency the cities
-- assigned to it in campaigns that are not drafts. The owner (migrations, seed, CLIs, jobs) is
-- not subject to them. Functions that look across tables are SECURITY DEFINER, so one table's
-- policy never recurses into another's.
DO $$ BEGIN
  CREATE ROLE zhiping_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;--> statement-breakpoint
DO $$ BEGIN
  EXECUTE format('GRANT zhiping_app TO %I', current_user);
EXCEPTION WHEN others THEN NULL; -- a superuser may SET ROLE to it already
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO zhiping_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO zhiping_app;--> statement-breakpoint
REVOKE UPDATE, DELETE ON audit_event FROM zhiping_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO zhiping_app;--> statement-breakpoint

CREATE OR REPLACE FUNCTION zhiping_actor_org() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('zhiping.org', true), '')
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION zhiping_campaign_owner(c text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM campaign k WHERE k.id = c AND k.ministry_org_id = zhiping_actor_org())
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION zhiping_campaign_visible(c text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM campaign k WHERE k.id = c AND (
      k.ministry_org_id = zhiping_actor_org()
      OR (k.status <> 'draft' AND EXISTS (
        SELECT 1 FROM campaign_city cc WHERE cc.campaign_id = k.id AND zhiping_actor_org() IN (cc.city_org_id, cc.agency_org_id, cc.second_agency_org_id)))))
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION zhiping_city_visible(c text, city text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM campaign k JOIN campaign_city cc ON cc.campaign_id = k.id AND cc.city_org_id = city
    WHERE k.id = c AND (
      k.ministry_org_id = zhiping_actor_org()
      OR (k.status <> 'draft' AND zhiping_actor_org() IN (cc.city_org_id, cc.agency_org_id, cc.second_agency_org_id))))
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION zhiping_submission_visible(s text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM submission x WHERE x.id = s AND zhiping_city_visible(x.campaign_id, x.city_org_id))
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION zhiping_evidence_visible(e text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM evidence v WHERE v.id = e AND zhiping_submission_visible(v.submission_id))
$$;--> statement-breakpoint

-- The head of a campaign's audit chain, for appending: a writer sees only its own entries, but the next entry links to the last of all.
CREATE OR REPLACE FUNCTION zhiping_audit_head(c text) RETURNS TABLE (seq integer, hash text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.seq, a.hash FROM audit_event a WHERE a.campaign_id = c ORDER BY a.seq DESC LIMIT 1
$$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zhiping_actor_org(), zhiping_campaign_owner(text), zhiping_campaign_visible(text), zhiping_city_visible(text, text), zhiping_submission_visible(text), zhiping_evidence_visible(text), zhiping_audit_head(text) TO zhiping_app;--> statement-breakpoint

ALTER TABLE campaign ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY campaign_tenant ON campaign FOR ALL TO zhiping_app USING (zhiping_campaign_visible(id)) WITH CHECK (ministry_org_id = zhiping_actor_org());--> statement-breakpoint
ALTER TABLE campaign_city ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY campaign_city_tenant ON campaign_city FOR ALL TO zhiping_app USING (zhiping_campaign_visible(campaign_id)) WITH CHECK (zhiping_campaign_owner(campaign_id));--> statement-breakpoint
ALTER TABLE submission ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY submission_tenant ON submission FOR ALL TO zhiping_app USING (zhiping_city_visible(campaign_id, city_org_id)) WITH CHECK (zhiping_city_visible(campaign_id, city_org_id));--> statement-breakpoint
ALTER TABLE indicator_value ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY indicator_value_tenant ON indicator_value FOR ALL TO zhiping_app USING (zhiping_submission_visible(submission_id)) WITH CHECK (zhiping_submission_visible(submission_id));--> statement-breakpoint
ALTER TABLE review_value ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY review_value_tenant ON review_value FOR ALL TO zhiping_app USING (zhiping_submission_visible(submission_id)) WITH CHECK (zhiping_submission_visible(submission_id));--> statement-breakpoint
ALTER TABLE evidence ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY evidence_tenant ON evidence FOR ALL TO zhiping_app USING (zhiping_submission_visible(submission_id)) WITH CHECK (zhiping_submission_visible(submission_id));--> statement-breakpoint
ALTER TABLE evidence_verdict ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY evidence_verdict_tenant ON evidence_verdict FOR ALL TO zhiping_app USING (zhiping_evidence_visible(evidence_id)) WITH CHECK (zhiping_evidence_visible(evidence_id));--> statement-breakpoint
-- A frozen result holds the whole signed-off cohort's inputs, so it is a cohort-level row: who may see the campaign may read it, and the app decides when ranks are shown.
ALTER TABLE result ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY result_tenant ON result FOR ALL TO zhiping_app USING (zhiping_campaign_visible(campaign_id)) WITH CHECK (zhiping_city_visible(campaign_id, city_org_id));--> statement-breakpoint
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY audit_event_tenant ON audit_event FOR ALL TO zhiping_app
  USING (CASE WHEN entity = 'submission' THEN zhiping_submission_visible(entity_id) ELSE zhiping_campaign_owner(campaign_id) END)
  WITH CHECK (zhiping_campaign_visible(campaign_id));--> statement-breakpoint
ALTER TABLE report_batch ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY report_batch_tenant ON report_batch FOR ALL TO zhiping_app USING (zhiping_campaign_owner(campaign_id)) WITH CHECK (zhiping_campaign_owner(campaign_id));--> statement-breakpoint
ALTER TABLE api_token ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY api_token_tenant ON api_token FOR ALL TO zhiping_app USING (organization_id = zhiping_actor_org()) WITH CHECK (organization_id = zhiping_actor_org());
