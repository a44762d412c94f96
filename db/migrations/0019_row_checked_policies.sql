-- Decision 017: the policies on a submission's rows ask whether the rows a query reads are visible
-- (EXISTS over views, which PostgreSQL plans as index lookups for a few rows and as one hashed set
-- for many), instead of comparing them with the set of every visible submission: a SECURITY
-- DEFINER function's result, computed whole on every query (20,401 rows for an agency assigned
-- every town, about 40 ms a query however few rows it read). A view runs with its owner's rights,
-- and the owner is not subject to row-level security, so a policy still never recurses into another
-- table's. The views say exactly what zhiping_visible_cities(), zhiping_visible_submissions() and
-- zhiping_visible_evidence() say; those stay for the functions that use them.
CREATE VIEW zhiping_visible_city_rows AS
  SELECT cc.campaign_id, cc.city_org_id FROM campaign_city cc JOIN campaign k ON k.id = cc.campaign_id
  WHERE k.ministry_org_id = zhiping_actor_org()
     OR (k.status <> 'draft' AND zhiping_actor_org() IN (cc.city_org_id, cc.agency_org_id, cc.second_agency_org_id));--> statement-breakpoint
CREATE VIEW zhiping_visible_submission_rows AS
  SELECT x.id FROM submission x JOIN zhiping_visible_city_rows v ON v.campaign_id = x.campaign_id AND v.city_org_id = x.city_org_id;--> statement-breakpoint
CREATE VIEW zhiping_visible_evidence_rows AS
  SELECT e.id FROM evidence e JOIN zhiping_visible_submission_rows s ON s.id = e.submission_id;--> statement-breakpoint
REVOKE ALL ON zhiping_visible_city_rows, zhiping_visible_submission_rows, zhiping_visible_evidence_rows FROM zhiping_app;--> statement-breakpoint
GRANT SELECT ON zhiping_visible_city_rows, zhiping_visible_submission_rows, zhiping_visible_evidence_rows TO zhiping_app;--> statement-breakpoint
DROP POLICY submission_tenant ON submission;--> statement-breakpoint
CREATE POLICY submission_tenant ON submission FOR ALL TO zhiping_app
  USING (EXISTS (SELECT 1 FROM zhiping_visible_city_rows v WHERE v.campaign_id = submission.campaign_id AND v.city_org_id = submission.city_org_id))
  WITH CHECK (EXISTS (SELECT 1 FROM zhiping_visible_city_rows v WHERE v.campaign_id = submission.campaign_id AND v.city_org_id = submission.city_org_id));--> statement-breakpoint
DROP POLICY indicator_value_tenant ON indicator_value;--> statement-breakpoint
CREATE POLICY indicator_value_tenant ON indicator_value FOR ALL TO zhiping_app USING (EXISTS (SELECT 1 FROM zhiping_visible_submission_rows v WHERE v.id = indicator_value.submission_id)) WITH CHECK (EXISTS (SELECT 1 FROM zhiping_visible_submission_rows v WHERE v.id = indicator_value.submission_id));--> statement-breakpoint
DROP POLICY review_value_tenant ON review_value;--> statement-breakpoint
CREATE POLICY review_value_tenant ON review_value FOR ALL TO zhiping_app USING (EXISTS (SELECT 1 FROM zhiping_visible_submission_rows v WHERE v.id = review_value.submission_id)) WITH CHECK (EXISTS (SELECT 1 FROM zhiping_visible_submission_rows v WHERE v.id = review_value.submission_id));--> statement-breakpoint
DROP POLICY evidence_tenant ON evidence;--> statement-breakpoint
CREATE POLICY evidence_tenant ON evidence FOR ALL TO zhiping_app USING (EXISTS (SELECT 1 FROM zhiping_visible_submission_rows v WHERE v.id = evidence.submission_id)) WITH CHECK (EXISTS (SELECT 1 FROM zhiping_visible_submission_rows v WHERE v.id = evidence.submission_id));--> statement-breakpoint
DROP POLICY evidence_verdict_tenant ON evidence_verdict;--> statement-breakpoint
CREATE POLICY evidence_verdict_tenant ON evidence_verdict FOR ALL TO zhiping_app USING (EXISTS (SELECT 1 FROM zhiping_visible_evidence_rows v WHERE v.id = evidence_verdict.evidence_id)) WITH CHECK (EXISTS (SELECT 1 FROM zhiping_visible_evidence_rows v WHERE v.id = evidence_verdict.evidence_id));--> statement-breakpoint
DROP POLICY quality_flag_note_tenant ON quality_flag_note;--> statement-breakpoint
CREATE POLICY quality_flag_note_tenant ON quality_flag_note FOR ALL TO zhiping_app USING (EXISTS (SELECT 1 FROM zhiping_visible_submission_rows v WHERE v.id = quality_flag_note.submission_id)) WITH CHECK (EXISTS (SELECT 1 FROM zhiping_visible_submission_rows v WHERE v.id = quality_flag_note.submission_id));--> statement-breakpoint
DROP POLICY audit_event_tenant ON audit_event;--> statement-breakpoint
CREATE POLICY audit_event_tenant ON audit_event FOR ALL TO zhiping_app
  -- OFFSET 0 keeps the check row by row: inside CASE the planner would otherwise hash every visible submission.
  USING (CASE WHEN entity = 'submission' THEN EXISTS (SELECT 1 FROM zhiping_visible_submission_rows v WHERE v.id = audit_event.entity_id OFFSET 0) ELSE campaign_id IN (SELECT zhiping_owned_campaigns()) END)
  WITH CHECK (campaign_id IN (SELECT zhiping_visible_campaigns()));
