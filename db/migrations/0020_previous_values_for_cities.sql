-- The history checks of one city (its page, its report, one town of a batch of 20,401) asked for
-- every city's previous values and kept one: a lateral lookup per city of the campaign, about 60 ms
-- at town scale, per report. The cities asked for are now an argument (null: every city, as before).
DROP FUNCTION zhiping_previous_values(text);--> statement-breakpoint
CREATE FUNCTION zhiping_previous_values(c text, cities text[] DEFAULT NULL) RETURNS TABLE (city_org_id text, campaign_slug text, framework_ref text, indicator_code text, value double precision) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT cc.city_org_id, prev.slug, prev.framework_ref, v.indicator_code, v.value
  FROM campaign now JOIN campaign_city cc ON cc.campaign_id = now.id
  CROSS JOIN LATERAL (
    SELECT p.slug, p.framework_ref, x.id AS submission_id FROM campaign p JOIN submission x ON x.campaign_id = p.id AND x.city_org_id = cc.city_org_id
    WHERE p.ministry_org_id = now.ministry_org_id AND split_part(p.framework_ref, '@', 1) = split_part(now.framework_ref, '@', 1) AND p.year < now.year AND p.status <> 'draft'
    ORDER BY p.year DESC, p.created_at DESC LIMIT 1
  ) prev
  JOIN indicator_value v ON v.submission_id = prev.submission_id AND v.value IS NOT NULL
  WHERE now.id = c AND (cities IS NULL OR cc.city_org_id = ANY (cities))
    AND (NOT zhiping_scoped() OR EXISTS (SELECT 1 FROM zhiping_visible_city_rows vc WHERE vc.campaign_id = c AND vc.city_org_id = cc.city_org_id))
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION zhiping_previous_values(text, text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zhiping_previous_values(text, text[]) TO zhiping_app;
