-- A city's page, its saves and every report of a batch judged outliers against the whole cohort,
-- reading every value of the campaign each time: 1.1 million values for 20,401 towns. An app
-- process now keeps the cohort's statistics under a fingerprint of the campaign's values, and
-- computes them again only when it changes.
--
-- Each write or removal of indicator values moves its submissions' values_version (one update per
-- statement, on rows the saving city owns: no campaign-wide row every save would queue on).
CREATE FUNCTION zhiping_values_written() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE submission SET values_version = values_version + 1 WHERE id IN (SELECT DISTINCT submission_id FROM changed_rows);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER indicator_value_inserted AFTER INSERT ON indicator_value REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION zhiping_values_written();--> statement-breakpoint
CREATE TRIGGER indicator_value_updated AFTER UPDATE ON indicator_value REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION zhiping_values_written();--> statement-breakpoint
CREATE TRIGGER indicator_value_deleted AFTER DELETE ON indicator_value REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION zhiping_values_written();--> statement-breakpoint

-- The campaign's values in one short value, as zhiping_cohort_fingerprint does for the cohort: each
-- submission's id and values version, their 64-bit hashes summed (a few milliseconds for 20,401
-- towns). Null for a campaign the caller may not see.
CREATE FUNCTION zhiping_values_fingerprint(c text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT (SELECT count(*) || ':' || coalesce(sum(hashtextextended(x.id || ':' || x.values_version, 0)), 0) FROM submission x WHERE x.campaign_id = c)
  WHERE NOT zhiping_scoped() OR c IN (SELECT zhiping_visible_campaigns())
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION zhiping_values_fingerprint(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zhiping_values_fingerprint(text) TO zhiping_app;--> statement-breakpoint

-- The checks of one city (its page, its report, one town of a batch) ran the campaign-wide queries
-- with an "every city or these" condition, which a SQL function plans once for both: the previous
-- values' lookup still read every town of the cohort (17 ms a report at town scale, against 3 ms),
-- and the shared-file check joined every file of the campaign with every other. Each call's query
-- is now planned for the case at hand (EXECUTE), with the cities' condition only when there are.
DROP FUNCTION zhiping_previous_values(text, text[]);--> statement-breakpoint
CREATE FUNCTION zhiping_previous_values(c text, cities text[] DEFAULT NULL) RETURNS TABLE (city_org_id text, campaign_slug text, framework_ref text, indicator_code text, value double precision) LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY EXECUTE format($query$
    SELECT cc.city_org_id, prev.slug, prev.framework_ref, v.indicator_code, v.value
    FROM campaign now JOIN campaign_city cc ON cc.campaign_id = now.id
    CROSS JOIN LATERAL (
      SELECT p.slug, p.framework_ref, x.id AS submission_id FROM campaign p JOIN submission x ON x.campaign_id = p.id AND x.city_org_id = cc.city_org_id
      WHERE p.ministry_org_id = now.ministry_org_id AND split_part(p.framework_ref, '@', 1) = split_part(now.framework_ref, '@', 1) AND p.year < now.year AND p.status <> 'draft'
      ORDER BY p.year DESC, p.created_at DESC LIMIT 1
    ) prev
    JOIN indicator_value v ON v.submission_id = prev.submission_id AND v.value IS NOT NULL
    WHERE now.id = $1 %s
      AND (NOT zhiping_scoped() OR EXISTS (SELECT 1 FROM zhiping_visible_city_rows vc WHERE vc.campaign_id = $1 AND vc.city_org_id = cc.city_org_id))
  $query$, CASE WHEN cities IS NULL THEN '' ELSE 'AND cc.city_org_id = ANY ($2)' END) USING c, cities;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION zhiping_previous_values(text, text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zhiping_previous_values(text, text[]) TO zhiping_app;--> statement-breakpoint

DROP FUNCTION zhiping_shared_evidence(text);--> statement-breakpoint
CREATE FUNCTION zhiping_shared_evidence(c text, cities text[] DEFAULT NULL) RETURNS TABLE (city_org_id text, sha256 text, other_city_org_id text) LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY EXECUTE format($query$
    WITH asked AS (
      SELECT DISTINCT x.city_org_id, e.sha256 FROM evidence e JOIN submission x ON x.id = e.submission_id
      WHERE x.campaign_id = $1 AND e.kind = 'file' AND e.removed_at IS NULL %s
    ), others AS (
      SELECT DISTINCT x.city_org_id, e.sha256 FROM evidence e JOIN submission x ON x.id = e.submission_id
      WHERE x.campaign_id = $1 AND e.kind = 'file' AND e.removed_at IS NULL AND e.sha256 IN (SELECT a.sha256 FROM asked a)
    ), visible AS (
      SELECT v.city_org_id FROM zhiping_visible_cities() v WHERE v.campaign_id = $1
    )
    SELECT a.city_org_id, a.sha256, CASE WHEN NOT zhiping_scoped() OR b.city_org_id IN (SELECT city_org_id FROM visible) THEN b.city_org_id END
    FROM asked a JOIN others b ON a.sha256 = b.sha256 AND a.city_org_id <> b.city_org_id
    WHERE NOT zhiping_scoped() OR a.city_org_id IN (SELECT city_org_id FROM visible)
  $query$, CASE WHEN cities IS NULL THEN '' ELSE 'AND x.city_org_id = ANY ($2)' END) USING c, cities;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION zhiping_shared_evidence(text, text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zhiping_shared_evidence(text, text[]) TO zhiping_app;
