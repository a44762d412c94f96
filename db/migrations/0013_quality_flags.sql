CREATE TABLE "quality_flag_note" (
	"submission_id" text NOT NULL,
	"flag_key" text NOT NULL,
	"explanation" text,
	"explained_by" text,
	"explained_at" timestamp with time zone,
	"resolution" text,
	"resolution_note" text DEFAULT '' NOT NULL,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "quality_flag_note_submission_id_flag_key_pk" PRIMARY KEY("submission_id","flag_key"),
	CONSTRAINT "quality_flag_note_resolution_check" CHECK ("quality_flag_note"."resolution" in ('explained', 'corrected', 'returned'))
);
--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "document_created_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "indicator_value" ADD COLUMN "origin" text;--> statement-breakpoint
ALTER TABLE "indicator_value" ADD COLUMN "quality_grade" text;--> statement-breakpoint
ALTER TABLE "quality_flag_note" ADD CONSTRAINT "quality_flag_note_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_flag_note" ADD CONSTRAINT "quality_flag_note_explained_by_user_id_fk" FOREIGN KEY ("explained_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_flag_note" ADD CONSTRAINT "quality_flag_note_resolved_by_user_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_value" ADD CONSTRAINT "indicator_value_origin_check" CHECK ("indicator_value"."origin" in ('department', 'system', 'survey', 'estimate'));--> statement-breakpoint
ALTER TABLE "indicator_value" ADD CONSTRAINT "indicator_value_quality_grade_check" CHECK ("indicator_value"."quality_grade" in ('measured', 'derived', 'estimated', 'extrapolated'));--> statement-breakpoint
-- Notes on flags belong to the submission, like its values (see 0009).
ALTER TABLE quality_flag_note ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON quality_flag_note TO zhiping_app;--> statement-breakpoint
CREATE POLICY quality_flag_note_tenant ON quality_flag_note FOR ALL TO zhiping_app USING (submission_id IN (SELECT zhiping_visible_submissions())) WITH CHECK (submission_id IN (SELECT zhiping_visible_submissions()));--> statement-breakpoint
-- Whether the caller runs under the tenant scope: a scoped request is limited by these functions, the server's own jobs (seed, report CLI) are not.
CREATE OR REPLACE FUNCTION zhiping_scoped() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT current_setting('role', true) = 'zhiping_app'
$$;--> statement-breakpoint
-- A cohort's values per indicator without the cities they belong to: what the outlier checks compare a city with. Whoever may see the campaign gets the distribution, never who reported what.
CREATE OR REPLACE FUNCTION zhiping_cohort_values(c text) RETURNS TABLE (indicator_code text, value double precision) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT v.indicator_code, v.value FROM indicator_value v JOIN submission x ON x.id = v.submission_id
  WHERE x.campaign_id = c AND v.value IS NOT NULL AND (NOT zhiping_scoped() OR c IN (SELECT zhiping_visible_campaigns()))
  ORDER BY v.indicator_code, v.value
$$;--> statement-breakpoint
-- Each city's values in its latest earlier campaign of the same ministry and framework (any version), for the history checks: for the cities whose data the caller may read in the current campaign (its assessors this year may not have assessed it last year).
CREATE OR REPLACE FUNCTION zhiping_previous_values(c text) RETURNS TABLE (city_org_id text, campaign_slug text, framework_ref text, indicator_code text, value double precision) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT cc.city_org_id, prev.slug, prev.framework_ref, v.indicator_code, v.value
  FROM campaign now JOIN campaign_city cc ON cc.campaign_id = now.id
  CROSS JOIN LATERAL (
    SELECT p.slug, p.framework_ref, x.id AS submission_id FROM campaign p JOIN submission x ON x.campaign_id = p.id AND x.city_org_id = cc.city_org_id
    WHERE p.ministry_org_id = now.ministry_org_id AND split_part(p.framework_ref, '@', 1) = split_part(now.framework_ref, '@', 1) AND p.year < now.year AND p.status <> 'draft'
    ORDER BY p.year DESC, p.created_at DESC LIMIT 1
  ) prev
  JOIN indicator_value v ON v.submission_id = prev.submission_id AND v.value IS NOT NULL
  WHERE now.id = c AND (NOT zhiping_scoped() OR (c, cc.city_org_id) IN (SELECT * FROM zhiping_visible_cities()))
$$;--> statement-breakpoint
-- Files (by SHA-256) that two or more cities of a campaign attached, for the cities the caller may see; the other city is named only when the caller may see it too.
CREATE OR REPLACE FUNCTION zhiping_shared_evidence(c text) RETURNS TABLE (city_org_id text, sha256 text, other_city_org_id text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH files AS (
    SELECT DISTINCT x.city_org_id, e.sha256 FROM evidence e JOIN submission x ON x.id = e.submission_id
    WHERE x.campaign_id = c AND e.kind = 'file' AND e.removed_at IS NULL
  ), visible AS (
    SELECT v.city_org_id FROM zhiping_visible_cities() v WHERE v.campaign_id = c
  )
  SELECT a.city_org_id, a.sha256, CASE WHEN NOT zhiping_scoped() OR b.city_org_id IN (SELECT city_org_id FROM visible) THEN b.city_org_id END
  FROM files a JOIN files b ON a.sha256 = b.sha256 AND a.city_org_id <> b.city_org_id
  WHERE NOT zhiping_scoped() OR a.city_org_id IN (SELECT city_org_id FROM visible)
$$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zhiping_scoped(), zhiping_cohort_values(text), zhiping_previous_values(text), zhiping_shared_evidence(text) TO zhiping_app;
