-- What the ranking rows of a campaign are built from, in one short value: the cohort's members and
-- each submission's status and version, their 64-bit hashes summed (order-free, and a few
-- milliseconds for 20,401 towns). An app process keeps the rows it built under this value and
-- rebuilds them when it changes, instead of reading every town on every request. The value depends
-- on the content only — not on timestamps, which a transaction can commit out of order — so two
-- databases holding the same cohort in the same state share it, correctly. Null for a campaign the
-- caller may not see.
CREATE OR REPLACE FUNCTION zhiping_cohort_fingerprint(c text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT concat_ws('/',
    (SELECT count(*) || ':' || coalesce(sum(hashtextextended(cc.city_org_id, 0)), 0) FROM campaign_city cc WHERE cc.campaign_id = c),
    (SELECT count(*) || ':' || coalesce(sum(hashtextextended(x.city_org_id || ':' || x.status || ':' || x.version, 0)), 0) FROM submission x WHERE x.campaign_id = c))
  WHERE c IN (SELECT zhiping_visible_campaigns())
$$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zhiping_cohort_fingerprint(text) TO zhiping_app;
