-- Decision 019: "which campaigns may this organisation see" asked campaign by campaign, through
-- indexes, instead of by reading every row of campaign_city. The old form compared the actor with
-- three columns of each row (an OR no index serves): for an agency assigned every one of 20,401
-- towns, about 17 ms, paid by every query on a table whose policy asks it (campaign, result,
-- survey, audit entries...). Same answer: a campaign the organisation owns, or one past its draft
-- with a city, agency or second agency of that organisation.
CREATE OR REPLACE FUNCTION zhiping_visible_campaigns() RETURNS SETOF text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT k.id FROM campaign k
  WHERE k.ministry_org_id = zhiping_actor_org()
     OR (k.status <> 'draft' AND (
          EXISTS (SELECT 1 FROM campaign_city cc WHERE cc.campaign_id = k.id AND cc.city_org_id = zhiping_actor_org())
       OR EXISTS (SELECT 1 FROM campaign_city cc WHERE cc.agency_org_id = zhiping_actor_org() AND cc.campaign_id = k.id)
       OR EXISTS (SELECT 1 FROM campaign_city cc WHERE cc.second_agency_org_id = zhiping_actor_org() AND cc.campaign_id = k.id)))
$$;--> statement-breakpoint
-- Row-checked like the submission's policies (decision 017): a result written, a margin or a
-- response read asks about its own city, not about the set of every visible city.
DROP POLICY result_tenant ON result;--> statement-breakpoint
CREATE POLICY result_tenant ON result FOR ALL TO zhiping_app
  USING (campaign_id IN (SELECT zhiping_visible_campaigns()))
  WITH CHECK (EXISTS (SELECT 1 FROM zhiping_visible_city_rows v WHERE v.campaign_id = result.campaign_id AND v.city_org_id = result.city_org_id));--> statement-breakpoint
DROP POLICY survey_margin_tenant ON survey_margin;--> statement-breakpoint
CREATE POLICY survey_margin_tenant ON survey_margin FOR ALL TO zhiping_app
  USING (EXISTS (SELECT 1 FROM zhiping_visible_city_rows v WHERE v.campaign_id = survey_margin.campaign_id AND v.city_org_id = survey_margin.city_org_id))
  WITH CHECK (campaign_id IN (SELECT zhiping_owned_campaigns()));--> statement-breakpoint
DROP POLICY survey_response_tenant ON survey_response;--> statement-breakpoint
CREATE POLICY survey_response_tenant ON survey_response FOR SELECT TO zhiping_app
  USING (EXISTS (SELECT 1 FROM zhiping_visible_city_rows v WHERE v.campaign_id = survey_response.campaign_id AND v.city_org_id = survey_response.city_org_id));
