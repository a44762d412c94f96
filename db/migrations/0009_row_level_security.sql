-- Row-level security: the database itself keeps each tenant's rows from the others. The app's
-- request code runs as the role zhiping_app, inside a transaction that names the acting
-- organization (set_config('zhiping.org', …, true)); the policies below say the same as decide()
-- at the tenancy level: a ministry its own campaigns, a city its own data, an agency the cities
-- assigned to it in campaigns that are not drafts. The owner (migrations, seed, CLIs, jobs) is
-- not subject to them. What an actor may see is computed once per query by SECURITY DEFINER
-- functions that return sets of ids (a policy that called a function per row would run a subquery
-- per row), and so that one table's policy never recurses into another's.
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

-- Campaigns the acting organization owns (a ministry).
CREATE OR REPLACE FUNCTION zhiping_owned_campaigns() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT k.id FROM campaign k WHERE k.ministry_org_id = zhiping_actor_org()
$$;--> statement-breakpoint

-- Campaigns it may see: its own, and those past the draft whose cohort it is in (as a city or an agency).
CREATE OR REPLACE FUNCTION zhiping_visible_campaigns() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT k.id FROM campaign k WHERE k.ministry_org_id = zhiping_actor_org()
  UNION
  SELECT cc.campaign_id FROM campaign_city cc JOIN campaign k ON k.id = cc.campaign_id
  WHERE k.status <> 'draft' AND zhiping_actor_org() IN (cc.city_org_id, cc.agency_org_id, cc.second_agency_org_id)
$$;--> statement-breakpoint

-- Cities whose data in a campaign it may see: every city of its own campaigns; itself; the cities assigned to it.
CREATE OR REPLACE FUNCTION zhiping_visible_cities() RETURNS TABLE (campaign_id text, city_org_id text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT cc.campaign_id, cc.city_org_id FROM campaign_city cc JOIN campaign k ON k.id = cc.campaign_id
  WHERE k.ministry_org_id = zhiping_actor_org()
     OR (k.status <> 'draft' AND zhiping_actor_org() IN (cc.city_org_id, cc.agency_org_id, cc.second_agency_org_id))
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION zhiping_visible_submissions() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT x.id FROM submission x JOIN zhiping_visible_cities() v ON v.campaign_id = x.campaign_id AND v.city_org_id = x.city_org_id
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION zhiping_visible_evidence() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT e.id FROM evidence e WHERE e.submission_id IN (SELECT zhiping_visible_submissions())
$$;--> statement-breakpoint

-- The head of a campaign's audit chain, for appending: a writer sees only its own entries, but the next entry links to the last of all.
CREATE OR REPLACE FUNCTION zhiping_audit_head(c text) RETURNS TABLE (seq integer, hash text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.seq, a.hash FROM audit_event a WHERE a.campaign_id = c ORDER BY a.seq DESC LIMIT 1
$$;--> statement-breakpoint

-- Where each cohort city's submission stands is a cohort fact (the ranking lists pending cities), not the city's data: whoever may see the campaign reads the statuses, and nothing else of the submissions.
CREATE OR REPLACE FUNCTION zhiping_cohort_statuses(c text) RETURNS TABLE (city_org_id text, status text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT x.city_org_id, x.status FROM submission x WHERE x.campaign_id = c AND c IN (SELECT zhiping_visible_campaigns())
$$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zhiping_actor_org(), zhiping_owned_campaigns(), zhiping_visible_campaigns(), zhiping_visible_cities(), zhiping_visible_submissions(), zhiping_visible_evidence(), zhiping_audit_head(text), zhiping_cohort_statuses(text) TO zhiping_app;--> statement-breakpoint

ALTER TABLE campaign ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- The owner test is on the row itself too: a campaign being created (INSERT … RETURNING) is not yet in what the functions see.
CREATE POLICY campaign_tenant ON campaign FOR ALL TO zhiping_app USING (ministry_org_id = zhiping_actor_org() OR id IN (SELECT zhiping_visible_campaigns())) WITH CHECK (ministry_org_id = zhiping_actor_org());--> statement-breakpoint
ALTER TABLE campaign_city ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY campaign_city_tenant ON campaign_city FOR ALL TO zhiping_app USING (campaign_id IN (SELECT zhiping_visible_campaigns())) WITH CHECK (campaign_id IN (SELECT zhiping_owned_campaigns()));--> statement-breakpoint
ALTER TABLE submission ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY submission_tenant ON submission FOR ALL TO zhiping_app USING ((campaign_id, city_org_id) IN (SELECT * FROM zhiping_visible_cities())) WITH CHECK ((campaign_id, city_org_id) IN (SELECT * FROM zhiping_visible_cities()));--> statement-breakpoint
ALTER TABLE indicator_value ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY indicator_value_tenant ON indicator_value FOR ALL TO zhiping_app USING (submission_id IN (SELECT zhiping_visible_submissions())) WITH CHECK (submission_id IN (SELECT zhiping_visible_submissions()));--> statement-breakpoint
ALTER TABLE review_value ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY review_value_tenant ON review_value FOR ALL TO zhiping_app USING (submission_id IN (SELECT zhiping_visible_submissions())) WITH CHECK (submission_id IN (SELECT zhiping_visible_submissions()));--> statement-breakpoint
ALTER TABLE evidence ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY evidence_tenant ON evidence FOR ALL TO zhiping_app USING (submission_id IN (SELECT zhiping_visible_submissions())) WITH CHECK (submission_id IN (SELECT zhiping_visible_submissions()));--> statement-breakpoint
ALTER TABLE evidence_verdict ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY evidence_verdict_tenant ON evidence_verdict FOR ALL TO zhiping_app USING (evidence_id IN (SELECT zhiping_visible_evidence())) WITH CHECK (evidence_id IN (SELECT zhiping_visible_evidence()));--> statement-breakpoint
-- A frozen result holds the whole signed-off cohort's inputs, so it is a cohort-level row: who may see the campaign may read it, and the app decides when ranks are shown.
ALTER TABLE result ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY result_tenant ON result FOR ALL TO zhiping_app USING (campaign_id IN (SELECT zhiping_visible_campaigns())) WITH CHECK ((campaign_id, city_org_id) IN (SELECT * FROM zhiping_visible_cities()));--> statement-breakpoint
-- Campaign-level entries (settings, cohort, publication) are the owning ministry's; a submission's, whoever may see the submission.
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY audit_event_tenant ON audit_event FOR ALL TO zhiping_app
  USING (CASE WHEN entity = 'submission' THEN entity_id IN (SELECT zhiping_visible_submissions()) ELSE campaign_id IN (SELECT zhiping_owned_campaigns()) END)
  WITH CHECK (campaign_id IN (SELECT zhiping_visible_campaigns()));--> statement-breakpoint
ALTER TABLE report_batch ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY report_batch_tenant ON report_batch FOR ALL TO zhiping_app USING (campaign_id IN (SELECT zhiping_owned_campaigns())) WITH CHECK (campaign_id IN (SELECT zhiping_owned_campaigns()));--> statement-breakpoint
ALTER TABLE api_token ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY api_token_tenant ON api_token FOR ALL TO zhiping_app USING (organization_id = zhiping_actor_org()) WITH CHECK (organization_id = zhiping_actor_org());
